using System.Diagnostics;
using System.Globalization;

namespace Tsm.Testing;

/// <summary>
/// Running a private PostgreSQL's own tools (initdb, pg_ctl): where the binaries are, and running them — as the
/// <c>postgres</c> user when we are root (PostgreSQL refuses to run as root). Shared by the scale benchmark and the
/// tests' server fixture (both reference this project).
/// </summary>
public static class PostgresTools
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The newest /usr/lib/postgresql/N/bin, else a PATH entry, holding initdb, pg_ctl and postgres; null when none does.</summary>
    public static string? FindBinDir()
    {
        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d =>
            File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "postgres")));
    }

    public static Task RunAsPostgresAsync(string program, IReadOnlyList<string> arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    /// <summary>Runs a program to its end; a non-zero exit raises with its output.</summary>
    public static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
    }
}
