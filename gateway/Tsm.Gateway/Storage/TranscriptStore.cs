using System.Globalization;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Storage;

/// <summary>
/// The TaskTranscripts table (docs/ota.md, "Transcripts"; docs/storage.md), in the same database as the operation
/// records (either profile). Transcripts are written in group commits, as operation records are: many tasks ending at
/// once cost one transaction; each caller's write completes once its group has committed.
/// </summary>
public sealed class TranscriptStore(IPlatformDatabase database) : ITranscriptStore
{
    /// <summary>The most transcripts one commit takes.</summary>
    public const int MaxGroup = 128;

    private GroupCommit<StoredTranscript, bool>? _groups;

    private GroupCommit<StoredTranscript, bool> Groups => LazyInitializer.EnsureInitialized(ref _groups, () => new(WriteAllAsync, MaxGroup));

    public Task StoreAsync(StoredTranscript transcript, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return Groups.WriteAsync(transcript, cancellationToken);
    }

    private async Task<IReadOnlyList<bool>> WriteAllAsync(IReadOnlyList<StoredTranscript> group, CancellationToken cancellationToken)
    {
        using var gate = await SqliteWriteGate.EnterAsync(database, cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // The same task stored again (its end written again after a crash) replaces the earlier copy.
        command.CommandText = """
            INSERT INTO TaskTranscripts (TaskId, SeId, State, At, Body) VALUES (@TaskId, @SeId, @State, @At, @Body)
            ON CONFLICT (TaskId) DO UPDATE SET SeId = excluded.SeId, State = excluded.State, At = excluded.At, Body = excluded.Body;
            """;
        var taskId = command.AddParameter("@TaskId");
        var seId = command.AddParameter("@SeId");
        var state = command.AddParameter("@State");
        var at = command.AddParameter("@At");
        var body = command.AddParameter("@Body");
        foreach (var transcript in group)
        {
            taskId.Value = Key(transcript.TaskId);
            seId.Value = transcript.SeId;
            state.Value = transcript.State.ToString().ToLowerInvariant();
            at.Value = transcript.At.UtcTicks;
            body.Value = transcript.Body.ToArray();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return [.. group.Select(_ => true)];
    }

    public async Task<StoredTranscript?> FindAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT SeId, State, At, Body FROM TaskTranscripts WHERE TaskId = @TaskId;";
        command.AddParameter("@TaskId", Key(taskId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var state = Enum.TryParse<TaskState>(reader.GetString(1), ignoreCase: true, out var s) ? s : TaskState.Failed;
        return new StoredTranscript(taskId, reader.GetString(0), state, new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero), (byte[])reader.GetValue(3));
    }

    /// <summary>Deletes the transcripts stored before <paramref name="cutoff"/>; the number deleted.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        using var gate = await SqliteWriteGate.EnterAsync(database, cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM TaskTranscripts WHERE At < @Cutoff;";
        command.AddParameter("@Cutoff", cutoff.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How many transcripts are stored, and their bodies' bytes (for figures and tests).</summary>
    public async Task<(long Count, long BodyBytes)> SizeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = database.Dialect == SqlDialect.PostgreSql
            ? "SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(Body)), 0) FROM TaskTranscripts;"
            : "SELECT COUNT(*), COALESCE(SUM(LENGTH(Body)), 0) FROM TaskTranscripts;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    /// <summary>The task id as operation records write it, so the two tables join.</summary>
    private static string Key(Guid taskId) => taskId.ToString("D", CultureInfo.InvariantCulture);
}
