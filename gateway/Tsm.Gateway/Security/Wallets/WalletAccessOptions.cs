using System.ComponentModel.DataAnnotations;

namespace Tsm.Gateway.Security.Wallets;

/// <summary>How wallets prove themselves (section "WalletAccess"; docs/security.md, "Wallets").</summary>
public sealed class WalletAccessOptions
{
    public const string Section = "WalletAccess";

    /// <summary>How long a wallet access token is accepted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a wallet refresh token may be exchanged (once) for a new pair.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The operator's network gateway (WAP/HTTP header enrichment): the header naming the caller's MSISDN, trusted only
    /// on requests coming from these addresses. Empty: no network gateway, numbers are proven by registration codes.
    /// </summary>
    public string NetworkMsisdnHeader { get; set; } = "X-Network-Msisdn";

    public List<string> NetworkGatewayAddresses { get; set; } = [];
}
