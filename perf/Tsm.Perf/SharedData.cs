namespace Tsm.Perf;

/// <summary>Locates the project's shared/ folder (a sibling of the repository root) for benchmark inputs.</summary>
internal static class SharedData
{
    public static string CapFile(string name) => Path.Combine(Locate(), "data", "cap", name);

    private static string Locate()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
                {
                    if (Directory.Exists(Path.Combine(candidate, "data", "cap")))
                        return Path.GetFullPath(candidate);
                }
            }
        }
        throw new DirectoryNotFoundException("The shared/ folder with data/cap was not found next to the repository.");
    }
}
