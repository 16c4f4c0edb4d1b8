namespace Tsm.Gateway.Idempotency;

/// <summary>The answer kept for a key: status, content type, Location and body.</summary>
public sealed record StoredAnswer(int Status, string? ContentType, string? Location, byte[] Body);
