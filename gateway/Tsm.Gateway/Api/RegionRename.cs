namespace Tsm.Gateway.Api;

/// <summary>A region's new name (PUT /admin/v1/regions/{code}).</summary>
public sealed record RegionRename(string? Name);
