using Tsm.Specs.Runner.Reporting;

namespace Tsm.Specs.Runner;

/// <summary>Which Reqnroll step method a pickle step goes to; And/But were already resolved by the pickle compiler.</summary>
public enum StepKind
{
    Given,
    When,
    Then,
}

/// <summary>One executable step of a pickle, with its original keyword kept for messages and Reqnroll's output.</summary>
public sealed record CompiledStep(
    string Keyword,
    StepKind Kind,
    string Text,
    IReadOnlyList<IReadOnlyList<string>>? Table,
    string? DocString)
{
    /// <summary>The step as written in the feature, e.g. "And the result is 0x03".</summary>
    public string Display => $"{Keyword.Trim()} {Text}";
}

public sealed record CompiledRule(string Title, string Description, IReadOnlyList<string> Tags);

/// <summary>One pickle: a scenario, or one example row of a scenario outline, with background steps prepended.</summary>
public sealed record CompiledScenario(
    int PickleIndex,
    string Name,
    string Description,
    IReadOnlyList<string> OwnTags,
    IReadOnlyList<string> InheritedTags,
    IReadOnlyList<KeyValuePair<string, string>> ExampleValues,
    CompiledRule? Rule,
    IReadOnlyList<CompiledStep> Steps)
{
    /// <summary>Tags without the leading '@', own and inherited (feature, rule) ones.</summary>
    public IEnumerable<string> AllTags => InheritedTags.Concat(OwnTags).Distinct(StringComparer.Ordinal);

    public bool IsIgnored => AllTags.Any(t => string.Equals(t, "ignore", StringComparison.OrdinalIgnoreCase));

    public string DisplayName(string featureTitle)
    {
        var name = $"{featureTitle} › {(Rule is null ? "" : Rule.Title + " › ")}{Name}";
        return ExampleValues.Count == 0
            ? name
            : $"{name} [{string.Join(", ", ExampleValues.Select(kv => $"{kv.Key}={kv.Value}"))}]";
    }
}

/// <summary>A parsed feature file: what the runner needs, plus the Cucumber messages Reqnroll's formatters need.</summary>
public sealed record CompiledFeature(
    string RelativePath,
    string Title,
    string Description,
    string Language,
    IReadOnlyList<string> Tags,
    IReadOnlyList<CompiledScenario> Scenarios,
    FeatureMessages Messages);
