using Xunit;

namespace Tsm.Specs.Runner;

/// <summary>
/// Lives for the whole <see cref="FeatureScenarios"/> class, which holds every scenario, so Reqnroll's
/// test run starts once before the first scenario and ends (writing formatter reports) after the last.
/// </summary>
public sealed class SpecRunFixture : IAsyncLifetime
{
    public ReqnrollScenarioRunner Runner { get; } = new(typeof(SpecRunFixture).Assembly);

    public Task InitializeAsync() => Runner.StartRunAsync();

    public Task DisposeAsync() => Runner.EndRunAsync();
}
