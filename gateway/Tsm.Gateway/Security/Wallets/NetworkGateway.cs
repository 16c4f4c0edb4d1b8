using System.Net;

namespace Tsm.Gateway.Security.Wallets;

/// <summary>
/// The operator's network gateway vouching for a caller's number (header enrichment; docs/security.md, "Wallets"):
/// believed only on a request from one of the configured addresses, and only for the number it names.
/// </summary>
public static class NetworkGateway
{
    public static bool Asserts(HttpContext context, WalletAccessOptions options, string msisdn) =>
        string.Equals(AssertedNumber(context, options), msisdn, StringComparison.Ordinal);

    /// <summary>The number the network gateway names on this request, or null when the request is not from it or names none (or several).</summary>
    public static string? AssertedNumber(HttpContext context, WalletAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (options.NetworkGatewayAddresses.Count == 0 || context.Connection.RemoteIpAddress is not { } remote)
            return null;
        if (remote.IsIPv4MappedToIPv6)
            remote = remote.MapToIPv4();
        var trusted = options.NetworkGatewayAddresses.Any(a => IPAddress.TryParse(a, out var address) && address.Equals(remote));
        return trusted && context.Request.Headers.TryGetValue(options.NetworkMsisdnHeader, out var values) && values.Count == 1 ? values[0] : null;
    }
}
