namespace Tsm.Protocol.Tests;

/// <summary>Finds the project's shared/ folder (a sibling of the repository root, or inside it).</summary>
public static class SharedFolder
{
    public static string Path { get; } = Locate();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { System.IO.Path.Combine(dir.FullName, "shared"), System.IO.Path.Combine(dir.FullName, "..", "shared") })
            {
                if (System.IO.File.Exists(System.IO.Path.Combine(candidate, "vectors", "scp02.json")))
                    return System.IO.Path.GetFullPath(candidate);
            }
        }
        throw new InvalidOperationException("The shared/ folder (with vectors/scp02.json) was not found next to or inside the repository.");
    }
}
