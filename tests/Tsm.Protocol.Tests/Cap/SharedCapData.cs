using System.Text.Json;

namespace Tsm.Protocol.Tests.Cap;

// Locates /shared/data/cap (real CAP files plus manifest.json with expected
// values). The repository is cloned next to shared/, so each ancestor of the
// test binaries is probed for <dir>/shared and <dir>/../shared. A missing
// folder is a test failure with a clear message, never a silent skip.

internal static class SharedCapData
{
    private const string ManifestRelativePath = "shared/data/cap/manifest.json";

    private static readonly Lazy<string?> s_directory = new(Probe);

    /// <summary>Placeholder theory row used when the manifest cannot be found, so the theory fails instead of vanishing.</summary>
    public const string NotFound = "<shared/data/cap/manifest.json not found>";

    public static string Directory => s_directory.Value ?? throw new InvalidOperationException(
        $"Could not find {ManifestRelativePath}: probed <dir>/shared and <dir>/../shared for every ancestor of " +
        $"'{AppContext.BaseDirectory}'. The CAP test data must be present; the tests refuse to skip.");

    public static JsonElement Manifest
    {
        get
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, "manifest.json")));
            return document.RootElement.Clone();
        }
    }

    public static IEnumerable<JsonElement> Files => Manifest.GetProperty("files").EnumerateArray();

    public static JsonElement Entry(string fileName) =>
        Files.Single(f => f.GetProperty("file").GetString() == fileName);

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public static byte[] Bytes(string fileName) => File.ReadAllBytes(PathOf(fileName));

    /// <summary>Theory rows: one per manifest file, or a single <see cref="NotFound"/> row.</summary>
    public static TheoryData<string> FileNames()
    {
        var data = new TheoryData<string>();
        if (s_directory.Value is null)
        {
            data.Add(NotFound);
            return data;
        }

        foreach (var file in Files)
        {
            data.Add(file.GetProperty("file").GetString()!);
        }

        return data;
    }

    private static string? Probe()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (string candidate in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
            {
                string capDirectory = Path.GetFullPath(Path.Combine(candidate, "data", "cap"));
                if (File.Exists(Path.Combine(capDirectory, "manifest.json")))
                {
                    return capDirectory;
                }
            }
        }

        return null;
    }
}
