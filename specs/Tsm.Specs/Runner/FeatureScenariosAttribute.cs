using Xunit;
using Xunit.Sdk;

namespace Tsm.Specs.Runner;

/// <summary>
/// Marks the single test method that stands for every scenario under <c>Features/</c>;
/// the discoverer turns each pickle into its own xUnit test case.
/// </summary>
[XunitTestCaseDiscoverer("Tsm.Specs.Runner.ScenarioTestCaseDiscoverer", "Tsm.Specs")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class FeatureScenariosAttribute : FactAttribute;
