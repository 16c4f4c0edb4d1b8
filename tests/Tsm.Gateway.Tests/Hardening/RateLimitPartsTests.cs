using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Security.Wallets;

namespace Tsm.Gateway.Tests.Hardening;

/// <summary>Who a request counts against, who is exempt, the per-target limiter and the options' checks (docs/security.md, "Rate limits").</summary>
public sealed class RateLimitPartsTests
{
    private static HostingEnvironment Environment(string name) => new() { EnvironmentName = name };

    private static RateLimitClients Clients(RateLimitOptions options, string environment, WalletAccessOptions? wallets = null) =>
        new(Options.Create(options), Options.Create(wallets ?? new WalletAccessOptions()), Environment(environment));

    private static DefaultHttpContext From(string address, string? user = null)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (user is not null)
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], "test"));
        return context;
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Testing", true)]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    public void Loopback_is_exempt_by_default_only_in_development_and_testing(string environment, bool exempt)
    {
        var clients = Clients(new RateLimitOptions(), environment);

        Assert.Equal(exempt, clients.IsExempt(From("127.0.0.1")));
        Assert.Equal(exempt, clients.IsExempt(From("::1")));
        Assert.False(clients.IsExempt(From("203.0.113.7")));
    }

    [Fact]
    public void Exemptions_are_configurable_by_address_and_network()
    {
        var options = new RateLimitOptions { ExemptLoopback = false, ExemptAddresses = ["10.1.0.0/16", "192.0.2.5", "2001:db8::/32"] };
        var clients = Clients(options, "Testing");

        Assert.False(clients.IsExempt(From("127.0.0.1")));
        Assert.True(clients.IsExempt(From("10.1.200.3")));
        Assert.True(clients.IsExempt(From("::ffff:10.1.0.1"))); // IPv4-mapped
        Assert.True(clients.IsExempt(From("192.0.2.5")));
        Assert.False(clients.IsExempt(From("192.0.2.6")));
        Assert.True(clients.IsExempt(From("2001:db8:1::1")));
    }

    [Fact]
    public void A_client_is_its_authenticated_name_else_its_address_and_an_ipv6_client_its_64_bit_prefix()
    {
        var clients = Clients(new RateLimitOptions(), "Production");
        Assert.Equal("user:alice", clients.KeyOf(From("203.0.113.7", "alice")));
        Assert.Equal("ip:203.0.113.7", clients.KeyOf(From("203.0.113.7")));
        Assert.Equal("ip:203.0.113.7", clients.KeyOf(From("::ffff:203.0.113.7")));
        Assert.Equal(clients.KeyOf(From("2001:db8:1:2:aaaa::1")), clients.KeyOf(From("2001:db8:1:2:bbbb::2")));
        Assert.NotEqual(clients.KeyOf(From("2001:db8:1:2::1")), clients.KeyOf(From("2001:db8:1:3::1")));
    }

    [Fact]
    public void Wallets_behind_the_network_gateway_are_each_their_number_not_its_shared_address()
    {
        var clients = Clients(new RateLimitOptions(), "Production", new WalletAccessOptions { NetworkGatewayAddresses = ["192.0.2.10"] });
        var vouched = From("192.0.2.10");
        vouched.Request.Headers["X-Network-Msisdn"] = "13900000001";
        var other = From("192.0.2.10");
        other.Request.Headers["X-Network-Msisdn"] = "13900000002";
        var spoofed = From("198.51.100.9");
        spoofed.Request.Headers["X-Network-Msisdn"] = "13900000001";

        Assert.Equal("msisdn:13900000001", clients.KeyOf(vouched));
        Assert.Equal("msisdn:13900000002", clients.KeyOf(other));
        Assert.Equal("ip:198.51.100.9", clients.KeyOf(spoofed)); // only the gateway's own address is believed
        Assert.Equal("ip:192.0.2.10", clients.KeyOf(From("192.0.2.10")));
    }

    [Fact]
    public async Task The_target_limiter_counts_per_target_and_answers_429_with_retry_after()
    {
        var options = Options.Create(new RateLimitOptions { LoginTarget = new RateLimitRule(2, TimeSpan.FromMinutes(5)) });
        using var targets = new TargetRateLimiter(options, Clients(options.Value, "Production"), NullLogger<TargetRateLimiter>.Instance);

        Assert.Null(targets.Acquire(From("198.51.100.1"), RateLimitPolicies.Login, "8600000000000000AB01"));
        Assert.Null(targets.Acquire(From("198.51.100.2"), RateLimitPolicies.Login, " 8600000000000000ab01 "));
        var refused = targets.Acquire(From("198.51.100.3"), RateLimitPolicies.Login, "8600000000000000AB01");
        Assert.Null(targets.Acquire(From("198.51.100.3"), RateLimitPolicies.Login, "8600000000000000AB02"));

        Assert.NotNull(refused);
        Assert.NotNull(refused.RetryAfter);
        Assert.InRange(refused.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        var context = From("198.51.100.3");
        await refused.ExecuteAsync(context);
        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        Assert.True(int.Parse(context.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 300);
    }

    [Fact]
    public void Only_login_and_codes_have_a_target_limit_and_exempt_clients_pass()
    {
        var options = Options.Create(new RateLimitOptions { CodesTarget = new RateLimitRule(1, TimeSpan.FromMinutes(10)) });
        using var targets = new TargetRateLimiter(options, Clients(options.Value, "Testing"), NullLogger<TargetRateLimiter>.Instance);

        Assert.Throws<ArgumentException>(() => targets.Acquire(From("198.51.100.1"), RateLimitPolicies.KeyImport, "x"));
        for (var i = 0; i < 5; i++)
            Assert.Null(targets.Acquire(From("127.0.0.1"), RateLimitPolicies.Codes, "13900000001")); // loopback in Testing
        Assert.Null(targets.Acquire(From("198.51.100.1"), RateLimitPolicies.Codes, "13900000001"));
        Assert.NotNull(targets.Acquire(From("198.51.100.1"), RateLimitPolicies.Codes, "13900000001"));
    }

    [Fact]
    public void Options_with_a_non_positive_limit_or_a_bad_exempt_address_are_refused()
    {
        Assert.Empty(new RateLimitOptions().Problems());
        var problems = new RateLimitOptions
        {
            Login = new RateLimitRule(0, TimeSpan.FromMinutes(1)),
            CodesTarget = new RateLimitRule(3, TimeSpan.Zero),
            ExemptAddresses = ["not-an-address"],
        }.Problems();
        Assert.Contains(problems, p => p.Contains("RateLimits:Login:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("RateLimits:CodesTarget:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("not-an-address", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_policy_has_a_rule()
    {
        var options = new RateLimitOptions();
        foreach (var policy in RateLimitPolicies.All)
            Assert.True(options.RuleOf(policy).PermitLimit > 0, policy);
        Assert.Throws<ArgumentException>(() => options.RuleOf("nope"));
    }
}
