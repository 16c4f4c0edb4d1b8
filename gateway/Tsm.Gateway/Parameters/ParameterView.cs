namespace Tsm.Gateway.Parameters;

/// <summary>A known parameter as the API shows it: its definition, the value in effect and where that comes from.</summary>
public sealed record ParameterView
{
    public required string Name { get; init; }

    public required ParameterType Type { get; init; }

    public required string Description { get; init; }

    public required ParameterTakesEffect TakesEffect { get; init; }

    /// <summary>The options class's own value, used when nothing sets one.</summary>
    public required string Default { get; init; }

    public string? Minimum { get; init; }

    public string? Maximum { get; init; }

    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>The value the configuration gives now (on this silo).</summary>
    public required string Value { get; init; }

    /// <summary>Whether a stored value is in effect, over the configuration files.</summary>
    public required bool Overridden { get; init; }

    /// <summary>The value of the configuration files, environment or command line (none: <see cref="Default"/>); what applies again when the stored value is deleted.</summary>
    public string? FileValue { get; init; }

    /// <summary>The stored value, when there is one.</summary>
    public string? StoredValue { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public string? UpdatedBy { get; init; }

    /// <summary>Why the stored value is not in effect (it fails the parameter's check), when it is not.</summary>
    public string? Rejected { get; init; }
}
