namespace Tsm.Gateway.Regions;

/// <summary>The region cache (section "Regions"; docs/security.md, "Regions").</summary>
public sealed class RegionOptions
{
    public const string Section = "Regions";

    /// <summary>
    /// How often each silo reads the region and number-segment tables again, to see changes made on other silos
    /// (a change made on this silo is seen at once).
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
