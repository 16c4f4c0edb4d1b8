using System.Net;
using System.Text.RegularExpressions;

namespace Tsm.Specs.RunnerTests.Report;

/// <summary>
/// What the HTML report shows once its scripts ran, read from the DOM Chromium dumps. Scripts and styles are cut out
/// first: the report embeds every Cucumber message in a script, so the raw file names each scenario whether or not
/// the page shows it. Headings are the feature (h1), rule and scenario titles (h2) and steps (h3); each step sits in
/// a list item whose <c>data-status</c> is its result.
/// </summary>
public sealed partial class RenderedReport
{
    private RenderedReport(IReadOnlyList<string> headings, IReadOnlyList<(string Status, string Text)> steps, string text)
    {
        Headings = headings;
        Steps = steps;
        Text = text;
    }

    /// <summary>Every heading's text, in page order, e.g. "Scenario: Add two bytes".</summary>
    public IReadOnlyList<string> Headings { get; }

    /// <summary>Every step or hook shown with a result, e.g. ("PASSED", "Then the result is 0x03").</summary>
    public IReadOnlyList<(string Status, string Text)> Steps { get; }

    /// <summary>All visible text.</summary>
    public string Text { get; }

    public static RenderedReport Parse(string dom)
    {
        var body = ScriptOrStyle().Replace(dom, "");
        var headings = Heading().Matches(body).Select(m => Visible(m.Groups["inner"].Value)).ToArray();
        var steps = Step().Matches(body).Select(m => (m.Groups["status"].Value, Visible(m.Groups["inner"].Value))).ToArray();
        return new RenderedReport(headings, steps, Visible(body));
    }

    /// <summary>Text without whitespace: the report splits a step into spans (keyword, parameters), spaced or not.</summary>
    public static string Squeezed(string text) => Whitespace().Replace(text, "");

    private static string Visible(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();

    [GeneratedRegex(@"<(script|style)\b.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<(?<level>h[1-6])\b[^>]*>(?<inner>.*?)</\k<level>\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Heading();

    [GeneratedRegex(@"<li\b[^>]*\bdata-status=""(?<status>[A-Z_]+)""[^>]*>.*?<h3\b[^>]*>(?<inner>.*?)</h3\s*>", RegexOptions.Singleline)]
    private static partial Regex Step();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
