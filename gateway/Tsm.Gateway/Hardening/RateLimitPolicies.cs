namespace Tsm.Gateway.Hardening;

/// <summary>
/// Names of the rate-limiting policies (docs/security.md, "Rate limits"), for
/// <c>.RequireRateLimiting(RateLimitPolicies.X)</c> on an endpoint and for <see cref="TargetRateLimiter"/>. Each has its
/// own limits under <c>RateLimits:{Name}</c>; every request also passes the global per-client limit
/// (<c>RateLimits:Default</c>).
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Generous, per client: the global limit's numbers, for a route that wants to name it.</summary>
    public const string Default = "Default";

    /// <summary>Logins: strict per client address; with <see cref="TargetRateLimiter"/>, also per account or SEID.</summary>
    public const string Login = "Login";

    /// <summary>One-time SMS codes: per client address; with <see cref="TargetRateLimiter"/>, also per target MSISDN.</summary>
    public const string Codes = "Codes";

    /// <summary>Key import (POST /admin/v1/keys/import): strict, per client.</summary>
    public const string KeyImport = "KeyImport";

    /// <summary>Every policy name.</summary>
    public static IReadOnlyList<string> All { get; } = [Default, Login, Codes, KeyImport];
}
