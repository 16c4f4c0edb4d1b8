namespace Tsm.Testing;

/// <summary>
/// The bytes of the real CAP files of <c>shared/data/cap</c>, found by walking up from the test binaries and checking
/// <c>&lt;dir&gt;/shared</c> and <c>&lt;dir&gt;/../shared</c>. A missing folder fails the test; it never skips.
/// </summary>
public static class SharedCaps
{
    public static byte[] Bytes(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
            {
                if (File.Exists(Path.Combine(candidate, "data", "cap", "manifest.json")))
                    return File.ReadAllBytes(Path.Combine(candidate, "data", "cap", fileName));
            }
        }
        throw new InvalidOperationException("shared/data/cap was not found next to or above the repository.");
    }
}
