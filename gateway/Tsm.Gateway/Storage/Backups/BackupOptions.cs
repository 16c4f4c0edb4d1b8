namespace Tsm.Gateway.Storage.Backups;

/// <summary>Online backups of the embedded profile's SQLite database (configuration section "Backups", docs/backups.md).</summary>
public sealed class BackupOptions
{
    public const string Section = "Backups";

    /// <summary>Where backups are written. Unset: a <c>backups</c> folder next to the database file.</summary>
    public string? Directory { get; set; }

    /// <summary>How often the gateway takes one; zero turns the schedule off (the CLI still takes them).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How many backups are kept; older ones are deleted after each new one.</summary>
    public int Keep { get; set; } = 8;

    public IEnumerable<string> Problems()
    {
        if (Interval < TimeSpan.Zero || (Interval > TimeSpan.Zero && Interval < TimeSpan.FromMinutes(1)))
            yield return $"{Section}:Interval must be zero (off) or at least one minute.";
        if (Keep is < 1 or > 1000)
            yield return $"{Section}:Keep must be 1..1000.";
    }

    /// <summary>The backup folder for the database at <paramref name="databasePath"/>.</summary>
    public string DirectoryFor(string databasePath) =>
        Path.GetFullPath(Directory ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".", "backups"));
}
