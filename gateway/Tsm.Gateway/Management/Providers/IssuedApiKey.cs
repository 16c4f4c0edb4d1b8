namespace Tsm.Gateway.Management.Providers;

/// <summary>A newly issued API key: shown in this answer only; the platform keeps only its SHA-256.</summary>
public sealed record IssuedApiKey(string PlatformId, string ApiKey, string Sha256);
