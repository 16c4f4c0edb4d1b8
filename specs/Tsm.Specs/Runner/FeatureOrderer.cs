using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tsm.Specs.Runner;

/// <summary>
/// Keeps each feature's scenarios together and in file order; xUnit's default order (by unique id hash)
/// would interleave features and make Reqnroll start and end the same feature several times.
/// </summary>
public sealed class FeatureOrderer : ITestCaseOrderer
{
    public const string TypeName = "Tsm.Specs.Runner.FeatureOrderer";
    public const string AssemblyName = "Tsm.Specs";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases
            .OrderBy(t => t is ScenarioTestCase s ? s.FeaturePath : "\uffff" + t.DisplayName, StringComparer.Ordinal)
            .ThenBy(t => t is ScenarioTestCase s ? s.PickleIndex : 0);
}
