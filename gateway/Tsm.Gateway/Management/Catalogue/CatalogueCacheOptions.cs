namespace Tsm.Gateway.Management.Catalogue;

/// <summary>The catalogue cache (section "CatalogueCache"; docs/management.md, "Catalogue cache").</summary>
public sealed class CatalogueCacheOptions
{
    public const string Section = "CatalogueCache";

    /// <summary>
    /// How often each silo compares the catalogue's change count with its snapshot's (one small query), to see changes
    /// made on other silos; a change made through this silo's API is seen before its answer is sent.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}
