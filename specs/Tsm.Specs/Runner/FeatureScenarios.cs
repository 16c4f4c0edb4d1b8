using Xunit;

namespace Tsm.Specs.Runner;

/// <summary>The xUnit entry point for all .feature files; one discovered test case per scenario or example row.</summary>
[TestCaseOrderer(FeatureOrderer.TypeName, FeatureOrderer.AssemblyName)]
public sealed class FeatureScenarios(SpecRunFixture run) : IClassFixture<SpecRunFixture>
{
    [FeatureScenarios]
    public Task Scenario(string featurePath, int pickleIndex)
    {
        var feature = FeatureCatalog.Find(FeatureCatalog.DefaultRoot, featurePath);
        return run.Runner.RunAsync(feature, feature.Scenarios[pickleIndex]);
    }
}
