using Microsoft.AspNetCore.Authentication;

namespace Tsm.Gateway.Security.Wallets;

/// <summary>
/// The wallet access token's format with its unprotected tickets kept briefly (<see cref="UnprotectedCache{T}"/>):
/// a download's five requests carry the same token, and unprotecting it (key derivation, AES, HMAC) was a tenth of the
/// gateway's cost per request. The bearer handler still checks the ticket's expiry against the clock on every request,
/// cached or not; each request gets its own copy of the ticket, so nothing one request does to its principal reaches
/// another. Refresh tokens do not go through here: they are read once each and checked against the SE's refresh
/// generation (docs/security.md, "Wallets").
/// </summary>
public sealed class CachedTicketFormat(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider time) : ISecureDataFormat<AuthenticationTicket>
{
    private readonly UnprotectedCache<AuthenticationTicket> _cache = new(time);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
            return inner.Unprotect(protectedText, purpose);
        if (_cache.TryGet(protectedText, out var cached))
            return cached.Clone();
        var ticket = inner.Unprotect(protectedText);
        if (ticket is not null)
            _cache.Add(protectedText, ticket.Clone(), ticket.Properties.ExpiresUtc);
        return ticket;
    }
}
