using System.Diagnostics;

namespace Tsm.Specs.RunnerTests.Report;

/// <summary>
/// Debian's Chromium, headless, as a way to see a page the way a reader does: <c>--dump-dom</c> prints the DOM after
/// the page's scripts ran, and the virtual time budget lets a client-side app (the Cucumber HTML report is React)
/// finish rendering first. The flags keep it off the network and work as root.
/// </summary>
public static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    /// <summary>The browser to run, or null when none is installed (<c>./build.sh test</c> installs Debian's <c>chromium</c>).</summary>
    public static string? Locate() => Candidates.FirstOrDefault(File.Exists);

    public static async Task<string> DumpDomAsync(string browser, string htmlPath, TimeSpan timeout)
    {
        var profile = Directory.CreateTempSubdirectory("tsm-chromium-");
        try
        {
            var start = new ProcessStartInfo(browser);
            foreach (var flag in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.FullName, "--virtual-time-budget=10000", "--dump-dom",
                new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(flag);
            }

            var result = await ChildProcess.RunAsync(start, timeout);
            if (result.ExitCode != 0 || result.Output.Length == 0)
            {
                throw new InvalidOperationException($"Chromium did not render '{htmlPath}': {result.Transcript}");
            }

            return result.Output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
