using Reqnroll;
using Tsm.Specs.Runner;
using Xunit;
using Xunit.Sdk;

namespace Tsm.Specs.RunnerTests;

/// <summary>
/// The negative paths are checked here rather than with failing .feature files, which would fail the suite
/// and pollute the HTML report.
/// </summary>
public sealed class FailureReportingTests
{
    private static readonly CompiledStep ThenStep = new("Then ", StepKind.Then, "the result is 0x03", null, null);

    [Fact]
    public void A_failing_step_is_named_in_the_message()
    {
        var message = ScenarioFailureMessage.Build("Calc › Add", ThenStep, new InvalidOperationException("expected 0x03, got 0x04"));

        Assert.Contains("'Then the result is 0x03'", message, StringComparison.Ordinal);
        Assert.Contains("Calc › Add", message, StringComparison.Ordinal);
        Assert.Contains("expected 0x03, got 0x04", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_outside_steps_says_so()
    {
        var message = ScenarioFailureMessage.Build("Calc › Add", null, new InvalidOperationException("hook broke"));

        Assert.Contains("outside a step", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undefined_step_fails_with_the_suggested_binding()
    {
        // Reqnroll reports undefined steps through TestPending with its binding skeleton as the message
        // (verified against Reqnroll 3.3.4; see specs/README.md). Both layers must keep that text.
        const string skeleton = """
            No matching step definition found for one or more steps.
            [When("I frobnicate the widget with {int} {string}")]
            public void WhenIFrobnicateTheWidgetWith(int p0, string bolts1)
            """;
        var step = new CompiledStep("When ", StepKind.When, "I frobnicate the widget with 42 \"bolts\"", null, null);

        var pending = Assert.Throws<XunitException>(() => new XunitRuntimeProvider().TestPending(skeleton));
        var message = ScenarioFailureMessage.Build("Calc › Frobnicate", step, pending);

        Assert.Contains("[When(\"I frobnicate the widget with {int} {string}\")]", message, StringComparison.Ordinal);
        Assert.Contains("'When I frobnicate the widget with 42 \"bolts\"'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignore_is_a_skip_and_inconclusive_is_a_failure()
    {
        var provider = new XunitRuntimeProvider();

        var skip = Assert.Throws<Xunit.SkipException>(() => provider.TestIgnore("ignored"));
        Assert.Equal(ScenarioExecutionStatus.Skipped, provider.DetectExecutionStatus(skip));
        Assert.Throws<XunitException>(() => provider.TestInconclusive("unsure"));
        Assert.Null(provider.DetectExecutionStatus(new InvalidOperationException()));
    }
}
