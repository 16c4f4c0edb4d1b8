using System.Net;

namespace Tsm.Gateway.Security.Wallets;

/// <summary>
/// The operator's network gateway vouching for a caller's number (header enrichment; docs/security.md, "Wallets"):
/// believed only on a request from one of the configured addresses, and only for the number it names.
/// </summary>
public static class NetworkGateway
{
    public static bool Asserts(HttpContext context, WalletAccessOptions options, string msisdn)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (options.NetworkGatewayAddresses.Count == 0 || context.Connection.RemoteIpAddress is not { } remote)
            return false;
        if (remote.IsIPv4MappedToIPv6)
            remote = remote.MapToIPv4();
        var trusted = options.NetworkGatewayAddresses.Any(a => IPAddress.TryParse(a, out var address) && address.Equals(remote));
        return trusted
            && context.Request.Headers.TryGetValue(options.NetworkMsisdnHeader, out var values)
            && values.Count == 1
            && string.Equals(values[0], msisdn, StringComparison.Ordinal);
    }
}
