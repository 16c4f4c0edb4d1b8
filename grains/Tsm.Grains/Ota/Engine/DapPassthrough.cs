using Tsm.Grains.Catalogue;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// DAP passthrough (requirement 5.8.9.3; docs/dap-and-tokens.md): for a DAP-mode SD the provider signs its load file
/// and the platform only carries the signature, as the DAP block <c>E2 { 4F SD AID, C3 signature }</c> ahead of the
/// load file data block (GP 2.2.1 §11.6.2.3). The SD named is the one the load file is associated with: the
/// application's load-file SD, else its SD.
/// </summary>
internal static class DapPassthrough
{
    /// <summary>The DAP block for one of the application's load files, or null when the provider gave no signature.</summary>
    public static DapBlock? BlockFor(ApplicationDefinition app, string loadFileAid)
    {
        var signature = app.LoadFiles.FirstOrDefault(f => f.Aid.Equals(loadFileAid, StringComparison.OrdinalIgnoreCase))?.DapSignature;
        var sd = string.IsNullOrEmpty(app.LoadFileSecurityDomainAid) ? app.SecurityDomainAid : app.LoadFileSecurityDomainAid;
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(sd))
            return null;
        return new DapBlock(Aid.Parse(sd), Hex.Parse(signature));
    }
}
