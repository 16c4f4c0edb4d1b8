using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Security.Wallets;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Access;

/// <summary>
/// Unprotected wallet tokens and SERAM session ids are kept briefly (docs/performance.md); what is accepted does not
/// change: expiry still holds, a session still needs its own login, a forged payload is never kept.
/// </summary>
public sealed class UnprotectedCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_entry_lives_a_minute_at_most_and_never_past_its_expiry()
    {
        var clock = new FakeTimeProvider(Start);
        var cache = new UnprotectedCache<string>(clock);
        cache.Add("long", "a");
        cache.Add("short", "b", Start.AddSeconds(10));
        cache.Add("expired", "c", Start.AddSeconds(-1));
        Assert.True(cache.TryGet("long", out var a));
        Assert.Equal("a", a);
        Assert.True(cache.TryGet("short", out _));
        Assert.False(cache.TryGet("expired", out _));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(cache.TryGet("short", out _));
        Assert.True(cache.TryGet("long", out _));
        clock.Advance(UnprotectedCache<string>.Lifetime);
        Assert.False(cache.TryGet("long", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_full_cache_drops_expired_entries_first_then_everything()
    {
        var clock = new FakeTimeProvider(Start);
        var cache = new UnprotectedCache<string>(clock, capacity: 2);
        cache.Add("old", "1", Start.AddSeconds(1));
        cache.Add("kept", "2");
        clock.Advance(TimeSpan.FromSeconds(2));
        cache.Add("new", "3");
        Assert.True(cache.TryGet("kept", out _));
        Assert.True(cache.TryGet("new", out _));
        Assert.Equal(2, cache.Count);

        cache.Add("more", "4");
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet("more", out _));
    }

    [Fact]
    public void A_cached_ticket_is_a_copy_and_expiry_still_counts()
    {
        var clock = new FakeTimeProvider(Start);
        var inner = new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("test"));
        var format = new CachedTicketFormat(inner, clock);
        var identity = new ClaimsIdentity([new Claim("tsm:seid", "86000000000000000001")], "Wallet");
        var token = format.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity),
            new AuthenticationProperties { ExpiresUtc = Start.AddSeconds(30) }, "Wallet"));

        var first = format.Unprotect(token)!;
        first.Principal.Identities.First().AddClaim(new Claim("injected", "yes"));
        var second = format.Unprotect(token)!;
        Assert.NotSame(first, second);
        Assert.Null(second.Principal.FindFirst("injected"));
        Assert.Equal("86000000000000000001", second.Principal.FindFirst("tsm:seid")?.Value);
        Assert.Equal(Start.AddSeconds(30), second.Properties.ExpiresUtc);

        // A tampered token is refused every time (never kept).
        var tampered = token[..^4] + (token[^4] == 'A' ? 'B' : 'A') + token[^3..];
        Assert.Null(format.Unprotect(tampered));
        Assert.Null(format.Unprotect(tampered));
        Assert.Null(format.Unprotect("CfDJ8forged"));
    }

    [Fact]
    public void A_cached_session_still_opens_only_for_its_own_login()
    {
        var clock = new FakeTimeProvider(Start);
        var sessions = new SeramSessions(new EphemeralDataProtectionProvider(), clock);
        var task = TaskId.New("86000000000000000001");
        var id = sessions.Issue(task, "login-a");

        Assert.True(sessions.TryOpen(id, "login-a", out var opened));
        Assert.Equal(task, opened);
        Assert.True(sessions.TryOpen(id, "login-a", out _));
        Assert.False(sessions.TryOpen(id, "login-b", out _));
        Assert.False(sessions.TryOpen(id[..^2], "login-a", out _));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(sessions.TryOpen(id, "login-a", out opened));
        Assert.Equal(task, opened);
    }
}
