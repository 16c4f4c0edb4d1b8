using Xunit;

namespace Tsm.Specs.RunnerTests.Report;

/// <summary>The report tests share one child run of the runner features.</summary>
[CollectionDefinition(Name)]
public sealed class RunnerFeaturesReportCollection : ICollectionFixture<RunnerFeaturesReport>
{
    public const string Name = "Runner features report";
}
