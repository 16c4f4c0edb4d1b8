using System.Diagnostics;

namespace Tsm.Testing;

/// <summary>
/// Runs the node-smpp (smpp@0.5.1) scripts of tests/interop: finds node, installs the package when it is missing
/// (npm, under a file lock so that test projects running side by side do not race), and starts scripts as child
/// processes that print one JSON event per line and are stopped by process id.
/// </summary>
public static class NodeInterop
{
    private static readonly Lazy<string?> s_node = new(() => Which("node"));

    /// <summary>The node executable, or null when node is not installed (the interop tests then skip).</summary>
    public static string? Node => s_node.Value;

    public const string SkipReason = "node is not installed (the interop tests run node-smpp 0.5.1 from tests/interop; install Node.js 20)";

    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "interop");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                    return candidate;
            }
            throw new DirectoryNotFoundException("tests/interop/package.json not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Installs smpp@0.5.1 into tests/interop/node_modules unless it is there (what build.sh test also does).</summary>
    public static void EnsureInstalled()
    {
        var dir = Directory;
        if (File.Exists(Path.Combine(dir, "node_modules", "smpp", "package.json")))
            return;
        using var lockFile = AcquireLock(Path.Combine(dir, ".install.lock"));
        if (File.Exists(Path.Combine(dir, "node_modules", "smpp", "package.json")))
            return;
        var npm = Which("npm") ?? throw new InvalidOperationException("node is installed but npm is not: cannot install tests/interop");
        var info = new ProcessStartInfo(npm) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "install", "--no-audit", "--no-fund" })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
            throw new InvalidOperationException($"npm install in {dir} failed: {stderr.Result}");
    }

    public static NodeScript Start(string script, params string[] args)
    {
        EnsureInstalled();
        var info = new ProcessStartInfo(Node ?? throw new InvalidOperationException(SkipReason))
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return new NodeScript(Process.Start(info)!);
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
