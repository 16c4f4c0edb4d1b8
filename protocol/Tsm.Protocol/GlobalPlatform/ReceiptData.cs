using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// The data a Delegated Management receipt signs (GP 2.2.1 Appendix C.5, tables C-10 to C-15): the Confirmation Data
/// (§11.1.6) followed by the AIDs of the operation, each after a one-byte length. The card signs it with the Receipt
/// key; the platform rebuilds it from what it asked for and the confirmation data the card returned, and checks.
/// </summary>
public static class ReceiptData
{
    /// <summary>Load Receipt (C.5.1): Executable Load File AID, Security Domain AID.</summary>
    public static byte[] Load(ConfirmationData data, Aid loadFileAid, Aid securityDomainAid) =>
        Build(data, loadFileAid, securityDomainAid);

    /// <summary>Install and Make Selectable Receipt (C.5.2): Executable Load File AID, instance AID.</summary>
    public static byte[] Install(ConfirmationData data, Aid loadFileAid, Aid instanceAid) =>
        Build(data, loadFileAid, instanceAid);

    /// <summary>Extradition Receipt (C.5.3): old SD AID, application or load file AID, new SD AID.</summary>
    public static byte[] Extradition(ConfirmationData data, Aid oldSecurityDomainAid, Aid aid, Aid newSecurityDomainAid) =>
        Build(data, oldSecurityDomainAid, aid, newSecurityDomainAid);

    /// <summary>Delete Receipt (C.5.5): the deleted instance or load file AID (the load file's when it went with its instances).</summary>
    public static byte[] Delete(ConfirmationData data, Aid deletedAid) =>
        Build(data, deletedAid);

    /// <summary>Combined Load, Install and Make Selectable Receipt (C.5.6): load file AID, instance AID, SD AID.</summary>
    public static byte[] LoadInstallAndMakeSelectable(ConfirmationData data, Aid loadFileAid, Aid instanceAid, Aid securityDomainAid) =>
        Build(data, loadFileAid, instanceAid, securityDomainAid);

    /// <summary>
    /// Registry Update Receipt (C.5.4): old SD, application and new SD AIDs (each empty when absent), the privileges
    /// (0 or 1 to 3 bytes) and the registry update parameters, each after a length byte.
    /// </summary>
    public static byte[] RegistryUpdate(ConfirmationData data, Aid? oldSecurityDomainAid, Aid? applicationAid, Aid? newSecurityDomainAid, ReadOnlySpan<byte> privileges, ReadOnlySpan<byte> parameters)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (privileges.Length > 3 || parameters.Length > 0xFF)
            throw new ArgumentException("Privileges have at most 3 bytes and parameters at most 255.");
        var result = new List<byte>(data.ToArray());
        GpEncoding.WriteAid(result, oldSecurityDomainAid);
        GpEncoding.WriteAid(result, applicationAid);
        GpEncoding.WriteAid(result, newSecurityDomainAid);
        GpEncoding.WriteLv(result, privileges);
        GpEncoding.WriteLv(result, parameters);
        return [.. result];
    }

    private static byte[] Build(ConfirmationData data, params ReadOnlySpan<Aid> aids)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new List<byte>(data.ToArray());
        foreach (var aid in aids)
        {
            ArgumentNullException.ThrowIfNull(aid);
            GpEncoding.WriteAid(result, aid);
        }
        return [.. result];
    }
}
