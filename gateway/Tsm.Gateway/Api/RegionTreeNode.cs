using Tsm.Gateway.Regions;

namespace Tsm.Gateway.Api;

/// <summary>A region with the regions below it (GET /admin/v1/regions/tree).</summary>
public sealed record RegionTreeNode(RegionCode Code, string Name, RegionLevel Level, IReadOnlyList<RegionTreeNode> Children)
{
    /// <summary>The forest of <paramref name="regions"/>: provinces at the top (and any region whose parent is missing).</summary>
    public static IReadOnlyList<RegionTreeNode> Build(IReadOnlyCollection<Region> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var known = regions.Select(r => r.Code).ToHashSet();
        var children = regions.Where(r => r.ParentCode is not null && known.Contains(r.ParentCode))
            .ToLookup(r => r.ParentCode!);
        RegionTreeNode Node(Region r) => new(r.Code, r.Name, r.Level, [.. children[r.Code].OrderBy(c => c.Code).Select(Node)]);
        return [.. regions.Where(r => r.ParentCode is null || !known.Contains(r.ParentCode)).OrderBy(r => r.Code).Select(Node)];
    }
}
