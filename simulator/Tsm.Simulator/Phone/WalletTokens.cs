using System.Text.Json.Serialization;

namespace Tsm.Simulator.Phone;

/// <summary>
/// The wallet's credentials as the gateway issues them, in the login answer and from <c>POST /wallet/v1/token</c>
/// (docs/simulator.md, "Proving the number and wallet tokens"): a short-lived access token sent as <c>Authorization: Bearer</c>, its lifetime, and the
/// refresh token that buys the next pair (once: the gateway rotates it).
/// </summary>
public sealed record WalletTokens
{
    [JsonPropertyName("accessToken")]
    public required string AccessToken { get; init; }

    /// <summary>Seconds the access token is valid for, from when it was issued.</summary>
    [JsonPropertyName("expiresIn")]
    public required int ExpiresIn { get; init; }

    [JsonPropertyName("refreshToken")]
    public required string RefreshToken { get; init; }

    /// <summary>Tokens are secrets: a record's printout never shows them.</summary>
    public override string ToString() => $"WalletTokens {{ ExpiresIn = {ExpiresIn} }}";
}
