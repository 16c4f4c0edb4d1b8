namespace Tsm.Gateway.Storage.Backups;

/// <summary>One backup: its file, when it was taken (UTC, from its name) and its size.</summary>
public sealed record BackupFile(string Path, DateTimeOffset TakenAt, long Bytes);
