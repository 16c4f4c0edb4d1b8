namespace Tsm.Gateway.Api;

/// <summary>A region to add (POST /admin/v1/regions): its GB/T 2260 code, which places it under its parent, and its name.</summary>
public sealed record RegionRequest(string? Code, string? Name);
