namespace Tsm.Gateway.Api.Delegated;

/// <summary>
/// Keys of DAP signing and Delegated Management (section <c>DelegatedManagement</c>; docs/dap-and-tokens.md). Secret
/// values are key-service protected (<c>IKeyService.Protect</c>) or files readable by the gateway only; none is logged.
/// </summary>
public sealed class DelegatedManagementOptions
{
    public const string Section = "DelegatedManagement";

    /// <summary>PEM file of the Card Issuer's RSA Token key (private, at least 1024 bits; GP 2.2.1 table C-1). Empty: no tokens.</summary>
    public string TokenKeyFile { get; set; } = "";

    /// <summary>The cards' DES Receipt key, key-service protected (GP 2.2.1 table C-1). Empty: receipts cannot be verified.</summary>
    public string ReceiptKey { get; set; } = "";

    /// <summary>DES DAP keys the platform signs with for providers who ask it to (by SD AID, upper-case hex).</summary>
    public Dictionary<string, DapKeyOptions> DapKeys { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
