using Reqnroll;
using Reqnroll.UnitTestProvider;
using Xunit;
using Xunit.Sdk;

namespace Tsm.Specs.Runner;

/// <summary>
/// xUnit v2 has no "inconclusive" or "pending" outcome, so only an explicit ignore becomes a skip
/// (through Xunit.SkippableFact); pending and inconclusive fail, so unfinished work never shows green.
/// </summary>
public sealed class XunitRuntimeProvider : IUnitTestRuntimeProvider
{
    public const string Name = "tsm-xunit";

    public void TestPending(string message) => throw new XunitException("Pending: " + message);

    public void TestInconclusive(string message) => throw new XunitException("Inconclusive: " + message);

    public void TestIgnore(string message) => Skip.If(true, message);

    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) =>
        exception is Xunit.SkipException ? ScenarioExecutionStatus.Skipped : null;
}
