using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tsm.Gateway.Storage.Backups;

/// <summary>
/// Online backups of the embedded profile's one SQLite file — grain state, reminders and the platform's tables
/// together, so a backup is one consistent point (docs/backups.md). A backup is taken with SQLite's backup API while
/// the gateway runs, checked (<c>PRAGMA integrity_check</c>) before it is given its final name, and only then counts.
/// Restoring is offline: the gateway must be stopped.
/// </summary>
public sealed class SqliteBackups(string databasePath, string directory, int keep, TimeProvider time)
{
    private const string Prefix = "tsm-";
    private const string Format = "yyyyMMdd'T'HHmmssfff'Z'";

    public string Directory => directory;

    /// <summary>Takes a backup now, keeps the newest <c>keep</c> and returns it.</summary>
    public async Task<BackupFile> CreateAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(databasePath))
            throw new FileNotFoundException($"There is no platform database at {databasePath}.");
        System.IO.Directory.CreateDirectory(directory);
        var takenAt = time.GetUtcNow();
        var final = Path.Combine(directory, Prefix + takenAt.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture) + ".db");
        var partial = final + ".partial";
        try
        {
            await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await source.OpenAsync(cancellationToken);
                await target.OpenAsync(cancellationToken);
                // One step over every page under a read transaction: a consistent copy while the gateway writes on.
                source.BackupDatabase(target);
            }
            await CheckAsync(partial, cancellationToken);
            File.Move(partial, final);
        }
        finally
        {
            File.Delete(partial);
        }
        foreach (var old in List().Skip(keep))
            File.Delete(old.Path);
        return new BackupFile(final, takenAt, new FileInfo(final).Length);
    }

    /// <summary>The backups in the folder, newest first.</summary>
    public IReadOnlyList<BackupFile> List()
    {
        if (!System.IO.Directory.Exists(directory))
            return [];
        var backups = new List<BackupFile>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, Prefix + "*.db"))
        {
            var stamp = Path.GetFileNameWithoutExtension(file)[Prefix.Length..];
            if (DateTime.TryParseExact(stamp, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
                backups.Add(new BackupFile(file, new DateTimeOffset(at, TimeSpan.Zero), new FileInfo(file).Length));
        }
        return [.. backups.OrderByDescending(b => b.TakenAt)];
    }

    /// <summary>
    /// Puts <paramref name="backupPath"/> in place of the database at <paramref name="databasePath"/> (the gateway
    /// stopped). The backup is checked first; the database it replaces is kept next to it as
    /// <c>…before-restore-…</c>, with its WAL, so a restore can be undone. Returns that file.
    /// </summary>
    public static async Task<string?> RestoreAsync(string backupPath, string databasePath, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!File.Exists(backupPath))
            throw new FileNotFoundException($"There is no backup at {backupPath}.");
        await CheckAsync(backupPath, cancellationToken);
        SqliteConnection.ClearAllPools();
        string? kept = null;
        if (File.Exists(databasePath))
        {
            kept = databasePath + ".before-restore-" + time.GetUtcNow().UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
            File.Move(databasePath, kept);
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                if (File.Exists(databasePath + suffix))
                    File.Move(databasePath + suffix, kept + suffix);
            }
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".");
        File.Copy(backupPath, databasePath + ".restoring", overwrite: true);
        File.Move(databasePath + ".restoring", databasePath);
        return kept;
    }

    private static async Task CheckAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var verdict = await command.ExecuteScalarAsync(cancellationToken) as string;
        if (verdict != "ok")
            throw new InvalidDataException($"The backup {Path.GetFileName(path)} failed SQLite's integrity check: {verdict}.");
    }
}
