namespace Tsm.Gateway.Api.Delegated;

/// <summary>Ask for a token: the INSTALL or DELETE command (hex, built with an empty token) for a token-mode SD.</summary>
public sealed record TokenRequest(string? SecurityDomainAid, string? Command);
