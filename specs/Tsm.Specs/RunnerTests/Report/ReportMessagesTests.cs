using System.Text.Json;
using Xunit;
using static Tsm.Specs.RunnerTests.Report.CucumberMessageLog;

namespace Tsm.Specs.RunnerTests.Report;

/// <summary>The Cucumber messages of the child run of the runner features (see <see cref="RunnerFeaturesReport"/>).</summary>
[Collection(RunnerFeaturesReportCollection.Name)]
public sealed class ReportMessagesTests(RunnerFeaturesReport report)
{
    [Fact]
    public void The_run_passed_and_wrote_both_reports()
    {
        Assert.True(report.Run.ExitCode == 0, report.Run.Transcript);
        Assert.True(File.Exists(report.HtmlPath), $"no HTML report: {report.Run.Transcript}");
        Assert.True(File.Exists(report.MessagesPath), $"no message report: {report.Run.Transcript}");
    }

    [Fact]
    public void Every_reference_between_messages_resolves_and_the_log_is_complete()
    {
        var log = Load();

        Assert.Empty(log.BrokenLinks());
        Assert.Equal("testRunFinished", log.Types[^1]);
        Assert.Equal(report.Features.Count, log.Of("source").Count());
        Assert.Equal(report.Features.Count, log.Of("gherkinDocument").Count());
    }

    [Fact]
    public void Every_scenario_has_one_test_case_and_every_step_its_result()
    {
        var log = Load();
        var pickles = log.Of("pickle").ToArray();
        var testCases = log.Of("testCase").ToArray();
        var startedCase = log.Of("testCaseStarted").ToDictionary(s => Text(s, "id"), s => Text(s, "testCaseId"));
        var pickleStepOf = testCases.SelectMany(c => Items(c, "testSteps"))
            .Where(s => s.TryGetProperty("pickleStepId", out _))
            .ToDictionary(s => Text(s, "id"), s => Text(s, "pickleStepId"));
        var resultOfPickleStep = log.Of("testStepFinished")
            .Where(f => pickleStepOf.ContainsKey(Text(f, "testStepId")))
            .ToDictionary(f => pickleStepOf[Text(f, "testStepId")], f => Text(f.GetProperty("testStepResult"), "status"));

        var scenarios = report.Features.SelectMany(f => f.Scenarios).ToArray();
        Assert.Equal(scenarios.Select(s => s.Name), pickles.Select(p => Text(p, "name")));
        foreach (var (scenario, pickle) in scenarios.Zip(pickles))
        {
            var testCase = Assert.Single(testCases, c => Text(c, "pickleId") == Text(pickle, "id"));
            Assert.Contains(Text(testCase, "id"), startedCase.Values);
            var expected = scenario.IsIgnored ? "SKIPPED" : "PASSED";
            Assert.All(
                Items(pickle, "steps"),
                step => Assert.Equal($"{scenario.Name}: {Text(step, "text")} {expected}", $"{scenario.Name}: {Text(step, "text")} {resultOfPickleStep.GetValueOrDefault(Text(step, "id"), "no result")}"));
        }
    }

    private CucumberMessageLog Load()
    {
        Assert.True(File.Exists(report.MessagesPath), $"no message report: {report.Run.Transcript}");
        try
        {
            return Parse(File.ReadAllText(report.MessagesPath));
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"'{report.MessagesPath}' is not complete ndjson: {ex.Message}", ex);
        }
    }
}
