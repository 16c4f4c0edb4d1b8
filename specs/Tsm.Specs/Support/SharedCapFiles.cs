using Tsm.Protocol.Cap;

namespace Tsm.Specs.Support;

/// <summary>
/// The real CAP files of <c>shared/data/cap</c>, found by walking up from the test binaries and checking
/// <c>&lt;dir&gt;/shared</c> and <c>&lt;dir&gt;/../shared</c> (the repository may sit inside or next to it).
/// </summary>
public static class SharedCapFiles
{
    public static CapFile Read(string fileName) =>
        CapFile.Parse(File.ReadAllBytes(Path.Combine(LocateShared(), "data", "cap", fileName)));

    private static string LocateShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
            {
                if (File.Exists(Path.Combine(candidate, "data", "cap", "manifest.json")))
                    return Path.GetFullPath(candidate);
            }
        }
        throw new InvalidOperationException("shared/data/cap was not found next to or above the repository.");
    }
}
