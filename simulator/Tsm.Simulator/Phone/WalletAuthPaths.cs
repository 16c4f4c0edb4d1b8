namespace Tsm.Simulator.Phone;

/// <summary>
/// The wallet API's authentication routes and problem types (docs/simulator.md, "Proving the number and wallet tokens"): the
/// routes a wallet calls without an access token, and the <c>type</c> endings of the 401 problems of a login.
/// </summary>
public static class WalletAuthPaths
{
    /// <summary><c>POST {seId, msisdn}</c> → 202: the platform texts a registration code to the MSISDN.</summary>
    public const string RegistrationCodes = "/wallet/v1/registration-codes";

    /// <summary><c>POST {refreshToken}</c> → 200 new tokens; the refresh token presented stops working.</summary>
    public const string Token = "/wallet/v1/token";

    /// <summary>The SE is unregistered or bound to another number and the login gave no (valid) code.</summary>
    public const string CodeRequired = "registration-code-required";

    /// <summary>The code given is wrong or expired.</summary>
    public const string CodeInvalid = "registration-code-invalid";

    /// <summary>True when the problem's <c>type</c> ends with <paramref name="kind"/> (a URI or a bare name).</summary>
    public static bool IsProblem(Tsm.Protocol.Wallet.WalletProblem? problem, string kind) =>
        problem?.Type is { } type && type.EndsWith(kind, StringComparison.Ordinal)
        && (type.Length == kind.Length || type[^(kind.Length + 1)] is '/' or '#' or ':' or '.');

    /// <summary>The routes that take no access token: they are how a wallet gets one.</summary>
    public static bool IsAnonymous(string path) =>
        path is Tsm.Protocol.Wallet.WalletPaths.Login or RegistrationCodes or Token;
}
