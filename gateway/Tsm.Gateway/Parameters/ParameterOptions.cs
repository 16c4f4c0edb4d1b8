namespace Tsm.Gateway.Parameters;

/// <summary>The system parameter refresh (section "Parameters"; docs/parameters.md).</summary>
public sealed class ParameterOptions
{
    public const string Section = "Parameters";

    /// <summary>
    /// How often each silo reads the parameter table again, to see changes made through other silos (a change made
    /// through this silo applies at once).
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}
