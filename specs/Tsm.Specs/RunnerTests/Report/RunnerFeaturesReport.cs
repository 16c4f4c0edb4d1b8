using System.Diagnostics;
using Tsm.Specs.Runner;
using Xunit;

namespace Tsm.Specs.RunnerTests.Report;

/// <summary>
/// A finished Reqnroll report to test: the run that hosts the test writes its own report only when it ends, so this
/// runs the runner features (<c>Features/Runner/</c>, tag <c>@runner</c>) in a child <c>dotnet test</c> of this very
/// assembly, with the HTML and message formatters sent to a fresh directory. The scenarios are the in-memory hex
/// calculator's, so the child run is quick and its results are always the same; a report left by an earlier run is
/// never looked at.
/// </summary>
public sealed class RunnerFeaturesReport : IAsyncLifetime
{
    public const string Tag = "runner";

    /// <summary>Set in the child run, which must not start another.</summary>
    private const string ChildMarker = "TSM_SPECS_REPORT_CHILD";

    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(5);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("tsm-specs-report-");

    public string HtmlPath => Path.Combine(directory.FullName, "reqnroll_report.html");

    public string MessagesPath => Path.Combine(directory.FullName, "reqnroll_report.ndjson");

    /// <summary>The features the child run ran, compiled here the way the child compiled them.</summary>
    public IReadOnlyList<CompiledFeature> Features { get; } =
        FeatureCatalog.Load(FeatureCatalog.DefaultRoot).Where(f => f.Tags.Contains(Tag)).ToArray();

    public ProcessResult Run { get; private set; } = new(-1, "", "not run");

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ChildMarker) is not null)
        {
            throw new InvalidOperationException("The report tests ran inside their own child run; its filter must select scenarios only.");
        }

        var start = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = directory.FullName };
        foreach (var argument in new[] { "test", typeof(RunnerFeaturesReport).Assembly.Location, "--filter", $"Category={Tag}" })
        {
            start.ArgumentList.Add(argument);
        }

        // Formatter settings of the parent (reqnroll.json stays as it is) must not leak into the child's report.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("REQNROLL_FORMATTERS", StringComparison.Ordinal)).ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment["REQNROLL_FORMATTERS_HTML"] = "outputFilePath=" + HtmlPath;
        start.Environment["REQNROLL_FORMATTERS_MESSAGE"] = "outputFilePath=" + MessagesPath;
        start.Environment[ChildMarker] = "1";
        Run = await ChildProcess.RunAsync(start, ChildTimeout);
    }

    public Task DisposeAsync()
    {
        directory.Delete(recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The dotnet host running these tests, so the child uses the same SDK and runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }
}
