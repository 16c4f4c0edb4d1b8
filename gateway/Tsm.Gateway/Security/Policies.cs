namespace Tsm.Gateway.Security;

/// <summary>
/// Authorization policies that are not a single permission (docs/security.md, "Policies"). Every permission in
/// <see cref="Permissions"/> is also a policy of its own name.
/// </summary>
public static class Policies
{
    /// <summary>A wallet holding an access token bound to one SE and MSISDN (docs/wallet-protocol.md, "Access tokens").</summary>
    public const string Wallet = "wallet";

    /// <summary>A wallet's SERAM session: the session id names the SE and the task it drives.</summary>
    public const string SeramSession = "seram-session";

    /// <summary>A business platform (API key or client certificate) acting for its providers (docs/sp-api.md).</summary>
    public const string ServicePlatform = "service-platform";

    /// <summary>The operator's business system (BOSS) sending its notices (docs/security.md, "BOSS").</summary>
    public const string Boss = "boss";

    /// <summary>Any signed-in operator or provider-staff account (its own profile, logout).</summary>
    public const string Account = "account";
}
