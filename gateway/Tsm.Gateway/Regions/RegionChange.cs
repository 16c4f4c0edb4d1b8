namespace Tsm.Gateway.Regions;

/// <summary>How a change to the region or number-segment tables ended; the API maps each to one status.</summary>
public enum RegionChange
{
    Done,

    /// <summary>The region or segment named does not exist.</summary>
    NotFound,

    /// <summary>A region or segment with that code or prefix is already there.</summary>
    AlreadyExists,

    /// <summary>The region one level up is not there: add it first.</summary>
    ParentMissing,

    /// <summary>The segment's region is not there.</summary>
    RegionMissing,

    /// <summary>The region still has regions below it: delete or move them first.</summary>
    HasChildren,

    /// <summary>The region still has number segments: delete or move them first.</summary>
    HasSegments,
}
