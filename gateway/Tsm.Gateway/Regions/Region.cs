namespace Tsm.Gateway.Regions;

/// <summary>A region the platform knows: its code (which gives its level and parent) and its name.</summary>
public sealed record Region(RegionCode Code, string Name)
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxNameLength = 100;

    public RegionLevel Level => Code.Level;

    /// <summary>The region it belongs to, which must exist before it; none for a province.</summary>
    public RegionCode? ParentCode => Code.Parent;

    /// <summary>Null when <paramref name="name"/> is a usable name, else what is wrong with it.</summary>
    public static string? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "a region needs a name."
        : name.Trim().Length > MaxNameLength ? $"at most {MaxNameLength} characters."
        : name.Any(char.IsControl) ? "no control characters."
        : null;
}
