using System.Net;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// Rate limits (section "RateLimits"; docs/security.md, "Rate limits"). A client is the authenticated name when the
/// request carries one, else the remote address. The defaults are generous for the global limit and strict for
/// logins, one-time codes and key import; tests set small values.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>
    /// Whether loopback clients (127.0.0.0/8, ::1) pass unlimited. Unset: yes in Development and Testing (the test suites
    /// and the load tools drive thousands of phones from 127.0.0.1), no elsewhere — behind a reverse proxy on the same
    /// host every client would otherwise look like loopback (docs/security.md).
    /// </summary>
    public bool? ExemptLoopback { get; set; }

    /// <summary>Client addresses or networks (CIDR, e.g. "10.1.0.0/16") that pass unlimited: load generators, monitoring.</summary>
    public List<string> ExemptAddresses { get; set; } = [];

    /// <summary>The global limit of every request, per client (also the <see cref="RateLimitPolicies.Default"/> policy).</summary>
    public RateLimitRule Default { get; set; } = new(1200, TimeSpan.FromMinutes(1));

    /// <summary>Logins per client address.</summary>
    public RateLimitRule Login { get; set; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>Logins per target account or SEID, whichever address they come from.</summary>
    public RateLimitRule LoginTarget { get; set; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>One-time SMS codes asked for per client address.</summary>
    public RateLimitRule Codes { get; set; } = new(20, TimeSpan.FromHours(1));

    /// <summary>One-time SMS codes per target MSISDN.</summary>
    public RateLimitRule CodesTarget { get; set; } = new(3, TimeSpan.FromMinutes(10));

    /// <summary>Key imports per client.</summary>
    public RateLimitRule KeyImport { get; set; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>The per-client rule of a policy.</summary>
    public RateLimitRule RuleOf(string policy) => policy switch
    {
        RateLimitPolicies.Default => Default,
        RateLimitPolicies.Login => Login,
        RateLimitPolicies.Codes => Codes,
        RateLimitPolicies.KeyImport => KeyImport,
        _ => throw new ArgumentException($"No rate-limiting policy is named '{policy}'.", nameof(policy)),
    };

    /// <summary>The per-target rule of a policy that has one (<see cref="TargetRateLimiter"/>).</summary>
    public RateLimitRule? TargetRuleOf(string policy) => policy switch
    {
        RateLimitPolicies.Login => LoginTarget,
        RateLimitPolicies.Codes => CodesTarget,
        _ => null,
    };

    /// <summary>What is wrong with the options (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, rule) in new[]
        {
            (nameof(Default), Default), (nameof(Login), Login), (nameof(LoginTarget), LoginTarget),
            (nameof(Codes), Codes), (nameof(CodesTarget), CodesTarget), (nameof(KeyImport), KeyImport),
        })
        {
            if (rule is null || !rule.IsValid)
                problems.Add($"{Section}:{name}: PermitLimit and Window must be positive.");
        }
        foreach (var address in ExemptAddresses)
        {
            if (!IPNetwork.TryParse(address, out _) && !IPAddress.TryParse(address, out _))
                problems.Add($"{Section}:ExemptAddresses: '{address}' is neither an IP address nor a CIDR network.");
        }
        return problems;
    }
}
