namespace Tsm.Gateway.Security;

/// <summary>Claim types the platform issues (docs/security.md, "Principals").</summary>
public static class TsmClaims
{
    /// <summary>A permission granted through a role; one claim per permission.</summary>
    public const string Permission = "tsm:permission";

    /// <summary>The region code an account is scoped to (absent: national scope).</summary>
    public const string Region = "tsm:region";

    /// <summary>The service provider a provider-staff account or a business platform acts for.</summary>
    public const string Provider = "tsm:provider";

    /// <summary>A capability a business platform holds for one provider: "provider capability".</summary>
    public const string Capability = "tsm:capability";

    /// <summary>The wallet login a token or SERAM session belongs to (random, kept across refreshes).</summary>
    public const string Login = "tsm:login";

    /// <summary>The refresh generation a wallet refresh token carries.</summary>
    public const string Generation = "tsm:generation";

    /// <summary>The id of a BOSS instance (the operator's business system; API key or client certificate).</summary>
    public const string Boss = "tsm:boss";

    /// <summary>A business platform's id (API key or client certificate).</summary>
    public const string Platform = "tsm:platform";

    /// <summary>The SE a wallet access token or a SERAM session is bound to.</summary>
    public const string SeId = "tsm:seid";

    /// <summary>The MSISDN a wallet access token is bound to.</summary>
    public const string Msisdn = "tsm:msisdn";

    /// <summary>The task a SERAM session drives.</summary>
    public const string Task = "tsm:task";
}
