namespace Tsm.Protocol.Cap;

// The Java Card and GlobalPlatform API packages an SE provides, by Java Card
// platform version, with the highest export-file version (major 1, minor as in
// the table) a CAP may import at that version (docs/management/applications.md,
// "Platform packages"). Our own table, from the versions real converters put in
// the Import component; a package absent at a version is -1. A CAP importing
// anything else needs it declared as a dependent extension (library).

/// <summary>The platform packages by Java Card version, and whether an import is satisfied by them.</summary>
public static class PlatformPackages
{
    /// <summary>The Java Card versions of the table's columns, oldest first.</summary>
    public static IReadOnlyList<Version> JavaCardVersions { get; } =
        [new(2, 1, 1), new(2, 2), new(2, 2, 1), new(2, 2, 2), new(3, 0, 1), new(3, 0, 4), new(3, 0, 5), new(3, 1)];

    /// <summary>Package AID → (name, highest minor version of major 1 at each of <see cref="JavaCardVersions"/>).</summary>
    public static IReadOnlyDictionary<string, (string Name, int[] MaxMinor)> Table { get; } =
        new Dictionary<string, (string, int[])>(StringComparer.OrdinalIgnoreCase)
        {
            //                                  2.1.1 2.2 2.2.1 2.2.2 3.0.1 3.0.4 3.0.5 3.1
            ["A0000000620001"] = ("java.lang", [0, 0, 0, 0, 0, 0, 0, 0]),
            ["A0000000620002"] = ("java.io", [-1, 0, 0, 0, 0, 0, 0, 0]),
            ["A0000000620003"] = ("java.rmi", [-1, 0, 0, 0, 0, 0, 0, 0]),
            ["A0000000620101"] = ("javacard.framework", [1, 2, 2, 3, 4, 5, 6, 8]),
            ["A0000000620102"] = ("javacard.security", [1, 2, 2, 3, 4, 5, 6, 7]),
            ["A0000000620103"] = ("javacard.framework.service", [-1, 0, 0, 0, 0, 0, 0, 0]),
            ["A0000000620201"] = ("javacardx.crypto", [1, 2, 2, 3, 4, 5, 6, 7]),
            ["A0000000620202"] = ("javacardx.biometry", [-1, -1, -1, 2, 2, 2, 3, 3]),
            ["A0000000620203"] = ("javacardx.external", [-1, -1, -1, 0, 0, 0, 0, 0]),
            ["A0000000620209"] = ("javacardx.apdu", [-1, -1, -1, -1, 0, 0, 1, 1]),
            ["A00000006202080101"] = ("javacardx.framework.util.intx", [-1, -1, -1, 0, 0, 0, 0, 0]),
            ["A000000062020801"] = ("javacardx.framework.util", [-1, -1, -1, 0, 0, 0, 0, 0]),
            ["A000000062020802"] = ("javacardx.framework.math", [-1, -1, -1, 0, 0, 0, 0, 0]),
            ["A000000062020803"] = ("javacardx.framework.tlv", [-1, -1, -1, 0, 0, 0, 0, 0]),
            ["A000000062020804"] = ("javacardx.framework.string", [-1, -1, -1, -1, 0, 0, 0, 0]),
            ["A00000015100"] = ("org.globalplatform", [0, 1, 2, 2, 3, 5, 6, 6]),
        };

    /// <summary>The table's column for <paramref name="javaCard"/>: the newest listed version not newer than it; -1 when older than all.</summary>
    public static int ColumnOf(Version javaCard)
    {
        ArgumentNullException.ThrowIfNull(javaCard);
        int column = -1;
        for (int i = 0; i < JavaCardVersions.Count; i++)
        {
            if (JavaCardVersions[i] <= javaCard)
                column = i;
        }
        return column;
    }

    /// <summary>
    /// Whether <paramref name="import"/> is a platform package present at <paramref name="javaCard"/> in a version at least
    /// that new; when not, <paramref name="reason"/> says why (unknown package, or too new for the version).
    /// </summary>
    public static bool Provides(Version javaCard, CapImport import, out string reason)
    {
        ArgumentNullException.ThrowIfNull(import);
        reason = "";
        if (!Table.TryGetValue(import.Aid, out var package))
        {
            reason = $"package {import.Aid} is not a Java Card or GlobalPlatform platform package";
            return false;
        }
        int column = ColumnOf(javaCard);
        int max = column < 0 ? -1 : package.MaxMinor[column];
        if (max < 0 || import.Version.Major != 1 || import.Version.Minor > max)
        {
            reason = max < 0
                ? $"{package.Name} ({import.Aid}) is not part of Java Card {javaCard}"
                : $"{package.Name} ({import.Aid}) {import.Version} is newer than Java Card {javaCard} provides (1.{max})";
            return false;
        }
        return true;
    }
}
