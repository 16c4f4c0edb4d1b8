namespace Tsm.Gateway.Api.Delegated;

/// <summary>The token (hex) and the command with it, ready to send to the SD.</summary>
public sealed record TokenResult(string Token, string Command);
