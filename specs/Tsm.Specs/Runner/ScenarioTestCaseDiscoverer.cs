using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tsm.Specs.Runner;

/// <summary>One <see cref="ScenarioTestCase"/> per pickle of every feature file next to the test assembly.</summary>
public sealed class ScenarioTestCaseDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        IReadOnlyList<CompiledFeature> features;
        try
        {
            features = FeatureCatalog.Load(FeatureCatalog.DefaultRoot);
        }
        catch (Exception ex)
        {
            // A broken feature file should fail loudly as a test, not silently shrink the suite.
            return
            [
                new ExecutionErrorTestCase(
                    diagnosticMessageSink,
                    discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(),
                    testMethod,
                    $"Feature files could not be parsed: {ex.Message}"),
            ];
        }

        return features
            .SelectMany(f => f.Scenarios.Select(s => (IXunitTestCase)new ScenarioTestCase(
                diagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                [f.RelativePath, s.PickleIndex])))
            .ToArray();
    }
}
