namespace Tsm.Gateway.Security.Wallets;

/// <summary>A wallet access token, its lifetime in seconds, and the refresh token that goes with it. Never logged.</summary>
public sealed record WalletTokenPair(string AccessToken, long ExpiresIn, string RefreshToken);
