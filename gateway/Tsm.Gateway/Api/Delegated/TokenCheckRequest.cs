namespace Tsm.Gateway.Api.Delegated;

/// <summary>A command carrying a token (hex), to check against the platform's Token key.</summary>
public sealed record TokenCheckRequest(string? Command);
