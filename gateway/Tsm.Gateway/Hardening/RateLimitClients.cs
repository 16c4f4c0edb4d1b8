using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Security.Wallets;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// Who a request counts against (docs/security.md, "Rate limits"): the authenticated name when there is one; else the
/// number the operator's network gateway vouches for (every wallet behind it shares its address); else the remote
/// address (an IPv6 client by its /64, which one host usually holds whole). And who is exempt.
/// </summary>
public sealed class RateLimitClients
{
    // A longer header value is no MSISDN; its first characters key it, so that no request grows the key store.
    private const int MaxNumberLength = 32;

    private readonly bool _exemptLoopback;
    private readonly IPNetwork[] _exempt;
    private readonly WalletAccessOptions _wallets;

    public RateLimitClients(IOptions<RateLimitOptions> options, IOptions<WalletAccessOptions> wallets, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(wallets);
        _exemptLoopback = options.Value.ExemptLoopback ?? DevelopmentEnvironments.Includes(environment);
        _exempt = [.. options.Value.ExemptAddresses.Select(Network)];
        _wallets = wallets.Value;
    }

    /// <summary>Whether the request passes every limit: an exempt address (loopback by default only in Development and Testing).</summary>
    public bool IsExempt(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = AddressOf(context);
        if (address is null)
            return false;
        if (_exemptLoopback && IPAddress.IsLoopback(address))
            return true;
        foreach (var network in _exempt)
        {
            if (network.Contains(address))
                return true;
        }
        return false;
    }

    /// <summary>
    /// The partition key: "user:NAME" for an authenticated request, "msisdn:NUMBER" for one the network gateway vouches
    /// for, else "ip:ADDRESS" (IPv6: the /64).
    /// </summary>
    public string KeyOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
            return "user:" + name;
        if (NetworkGateway.AssertedNumber(context, _wallets) is { Length: > 0 } number)
            return "msisdn:" + (number.Length > MaxNumberLength ? number[..MaxNumberLength] : number);
        return AddressOf(context) switch
        {
            null => "ip:unknown",
            { AddressFamily: AddressFamily.InterNetworkV6 } v6 => "ip:" + new IPNetwork(Masked(v6, 64), 64).ToString(),
            var v4 => "ip:" + v4.ToString(),
        };
    }

    /// <summary>The remote address, an IPv4-mapped IPv6 address as IPv4.</summary>
    public static IPAddress? AddressOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    private static IPNetwork Network(string text)
    {
        if (IPNetwork.TryParse(text, out var network))
            return network;
        var address = IPAddress.Parse(text);
        return new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
    }

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
