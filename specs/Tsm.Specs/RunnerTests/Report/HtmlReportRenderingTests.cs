using Xunit;

namespace Tsm.Specs.RunnerTests.Report;

/// <summary>
/// Opens the HTML report of the child run of the runner features (see <see cref="RunnerFeaturesReport"/>) in headless
/// Chromium and reads what it shows: every feature, rule and scenario title, and every step with its result. The
/// expected titles and steps come from the feature files, so a report that renders nothing, or only the summary and
/// hooks, fails.
/// </summary>
[Collection(RunnerFeaturesReportCollection.Name)]
public sealed class HtmlReportRenderingTests(RunnerFeaturesReport report)
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(2);

    [SkippableFact]
    public async Task Chromium_shows_every_feature_rule_scenario_and_step_with_its_result()
    {
        var browser = HeadlessChromium.Locate();
        Skip.If(browser is null, "Chromium is not installed (Debian package 'chromium', which ./build.sh test installs): the HTML report cannot be rendered.");
        Assert.True(File.Exists(report.HtmlPath), $"no HTML report: {report.Run.Transcript}");

        var page = RenderedReport.Parse(await HeadlessChromium.DumpDomAsync(browser, report.HtmlPath, RenderTimeout));

        // A scenario title known to be in Features/Runner/HexCalculator.feature, before the checks derived from the files.
        Assert.Contains("Scenario: Add two bytes", page.Headings);
        var scenarios = report.Features.SelectMany(f => f.Scenarios).ToArray();
        Assert.All(report.Features, f => Assert.Contains($"Feature: {f.Title}", page.Headings));
        Assert.All(
            scenarios.Where(s => s.Rule is not null).Select(s => s.Rule!.Title).Distinct(),
            rule => Assert.Contains($"Rule: {rule}", page.Headings));
        Assert.All(
            scenarios.Select(s => s.Name).Distinct(),
            name => Assert.Contains(page.Headings, h => h == $"Scenario: {name}" || h == $"Scenario Outline: {name}"));

        var keywords = scenarios.SelectMany(s => s.Steps).Select(s => s.Keyword.Trim()).ToHashSet(StringComparer.Ordinal);
        var expected = scenarios
            .SelectMany(s => s.Steps.Select(step => $"{(s.IsIgnored ? "SKIPPED" : "PASSED")} {RenderedReport.Squeezed(step.Display)}"))
            .Order(StringComparer.Ordinal);
        var shown = page.Steps
            .Where(s => keywords.Any(k => s.Text.StartsWith(k + " ", StringComparison.Ordinal)))
            .Select(s => $"{s.Status} {RenderedReport.Squeezed(s.Text)}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, shown);
    }
}
