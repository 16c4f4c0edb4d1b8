using Tsm.Specs.Runner;
using Xunit;

namespace Tsm.Specs.RunnerTests.Report;

/// <summary>
/// The Source/GherkinDocument/Pickle messages the adapter hands Reqnroll for every feature under <c>Features/</c>:
/// one report holds them all, so no id may repeat across features (each feature used to count from "0", and the HTML
/// report then showed no scenario at all).
/// </summary>
public sealed class FeatureCatalogMessagesTests
{
    private static readonly IReadOnlyList<CompiledFeature> Catalog = FeatureCatalog.Load(FeatureCatalog.DefaultRoot);

    [Fact]
    public void Every_feature_of_the_catalog_gets_ids_of_its_own_and_every_reference_resolves()
    {
        var log = CucumberMessageLog.FromFeatures(Catalog);

        Assert.True(Catalog.Count > 1, "the catalog should hold several features");
        Assert.Equal(Catalog.Count, log.Of("gherkinDocument").Count());
        Assert.Equal(Catalog.Sum(f => f.Scenarios.Count), log.Of("pickle").Count());
        Assert.Empty(log.BrokenLinks());
    }

    [Fact]
    public void Features_compiled_apart_reuse_ids_which_the_check_catches()
    {
        // The check itself must see the clash that broke the report: two features each numbered from "0".
        var first = GherkinFeatureCompiler.Compile("mem/a.feature", "Feature: A\n  Scenario: One\n    Given a step\n");
        var second = GherkinFeatureCompiler.Compile("mem/b.feature", "Feature: B\n  Scenario: Two\n    Given a step\n");

        var problems = CucumberMessageLog.FromFeatures([first, second]).BrokenLinks();

        Assert.Contains(problems, p => p.StartsWith("id '0' of a gherkinDocument is already used", StringComparison.Ordinal));
    }
}
