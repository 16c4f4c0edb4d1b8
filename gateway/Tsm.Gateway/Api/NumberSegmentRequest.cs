namespace Tsm.Gateway.Api;

/// <summary>
/// A number segment to add (POST /admin/v1/number-segments: prefix and region), or the region to move one to
/// (PUT /admin/v1/number-segments/{prefix}: region; the prefix may be left out).
/// </summary>
public sealed record NumberSegmentRequest(string? Prefix, string? Region);
