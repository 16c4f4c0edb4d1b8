namespace Tsm.Grains.Catalogue;

/// <summary>One DGI of a personalization template.</summary>
public sealed record PersonalizationField
{
    /// <summary>The DGI (hex, 2 bytes).</summary>
    public required string Dgi { get; init; }

    public bool Sensitive { get; init; }

    public bool Required { get; init; } = true;
}
