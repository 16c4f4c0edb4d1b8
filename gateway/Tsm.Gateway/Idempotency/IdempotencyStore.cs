using System.Data.Common;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;
using Tsm.Grains;

namespace Tsm.Gateway.Idempotency;

/// <summary>
/// The requests sent with an Idempotency-Key and their answers, in the platform database (docs/idempotency.md): shared
/// by every silo, so that a retry reaching another gateway finds them. Each step is one conditional statement, so two
/// gateways racing for a key never both run it.
/// </summary>
public sealed class IdempotencyStore(IPlatformDatabase database, IOptions<IdempotencyOptions> options, [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    private long _nextPurge;

    /// <summary>Claims <paramref name="id"/> for a request with <paramref name="fingerprint"/>, or says why not.</summary>
    public async Task<IdempotencyCheck> BeginAsync(string id, string fingerprint, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await PurgeExpiredAsync(connection, now, cancellationToken);
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO IdempotentRequests (Id, Fingerprint, LeaseUntil, ExpiresAt) VALUES (@Id, @Fingerprint, @Lease, @Expires)
                ON CONFLICT (Id) DO NOTHING;
                """;
            AddClaim(insert, id, fingerprint, now, settings);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                return new IdempotencyCheck(IdempotencyVerdict.Run);
        }
        string storedFingerprint;
        long leaseUntil, expiresAt;
        StoredAnswer? answer = null;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT Fingerprint, LeaseUntil, ExpiresAt, Status, ContentType, Location, Body FROM IdempotentRequests WHERE Id = @Id;";
            read.AddParameter("@Id", id);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return await BeginAsync(id, fingerprint, cancellationToken); // purged between the two statements
            storedFingerprint = reader.GetString(0);
            leaseUntil = reader.GetInt64(1);
            expiresAt = reader.GetInt64(2);
            if (!reader.IsDBNull(3))
            {
                answer = new StoredAnswer(reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? [] : (byte[])reader.GetValue(6));
            }
        }
        // An expired key is a new one; a held key whose lease ran out belonged to a request that died with its gateway.
        if (expiresAt <= now.UtcTicks || (answer is null && leaseUntil <= now.UtcTicks && storedFingerprint == fingerprint))
            return await TakeOverAsync(connection, id, fingerprint, leaseUntil, expiresAt, now, settings, cancellationToken);
        if (storedFingerprint != fingerprint)
            return new IdempotencyCheck(IdempotencyVerdict.Mismatch);
        return answer is not null
            ? new IdempotencyCheck(IdempotencyVerdict.Answered, answer)
            : new IdempotencyCheck(IdempotencyVerdict.InProgress, RetryAfter: new DateTimeOffset(leaseUntil, TimeSpan.Zero) - now);
    }

    /// <summary>Keeps the answer of the request holding <paramref name="id"/>.</summary>
    public async Task CompleteAsync(string id, StoredAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE IdempotentRequests SET Status = @Status, ContentType = @ContentType, Location = @Location, Body = @Body
            WHERE Id = @Id AND Status IS NULL;
            """;
        command.AddParameter("@Id", id);
        command.AddParameter("@Status", answer.Status);
        command.AddParameter("@ContentType", answer.ContentType);
        command.AddParameter("@Location", answer.Location);
        command.AddParameter("@Body", answer.Body);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Lets the key go (the request failed on the platform's side, or its answer is not kept): a retry runs it again.</summary>
    public async Task ReleaseAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM IdempotentRequests WHERE Id = @Id AND Status IS NULL;";
        command.AddParameter("@Id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The one value the request holding <paramref name="id"/> stands for (e.g. the serial of the push it creates):
    /// <paramref name="candidate"/> the first time, and what the first run reserved on every later run.
    /// </summary>
    public async Task<string> ReserveAsync(string id, string candidate, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var reserve = connection.CreateCommand())
        {
            reserve.CommandText = "UPDATE IdempotentRequests SET Reservation = @Candidate WHERE Id = @Id AND Reservation IS NULL;";
            reserve.AddParameter("@Id", id);
            reserve.AddParameter("@Candidate", candidate);
            await reserve.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT Reservation FROM IdempotentRequests WHERE Id = @Id;";
        read.AddParameter("@Id", id);
        // A key with no row (released meanwhile) reserves nothing: the candidate stands.
        return await read.ExecuteScalarAsync(cancellationToken) as string ?? candidate;
    }

    private static async Task<IdempotencyCheck> TakeOverAsync(DbConnection connection, string id, string fingerprint, long leaseUntil, long expiresAt,
        DateTimeOffset now, IdempotencyOptions settings, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // Conditional on the row as read: of two gateways taking over at once, one wins and the other sees it in progress.
        // An expired key starts afresh (its reservation too); a lapsed lease keeps its reservation, so the work is the same.
        command.CommandText = """
            UPDATE IdempotentRequests
            SET Fingerprint = @Fingerprint, LeaseUntil = @Lease, ExpiresAt = @Expires,
                Reservation = CASE WHEN ExpiresAt <= @Now THEN NULL ELSE Reservation END,
                Status = NULL, ContentType = NULL, Location = NULL, Body = NULL
            WHERE Id = @Id AND LeaseUntil = @OldLease AND ExpiresAt = @OldExpires;
            """;
        AddClaim(command, id, fingerprint, now, settings);
        command.AddParameter("@Now", now.UtcTicks);
        command.AddParameter("@OldLease", leaseUntil);
        command.AddParameter("@OldExpires", expiresAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1
            ? new IdempotencyCheck(IdempotencyVerdict.Run)
            : new IdempotencyCheck(IdempotencyVerdict.InProgress, RetryAfter: settings.Lease);
    }

    private static void AddClaim(DbCommand command, string id, string fingerprint, DateTimeOffset now, IdempotencyOptions settings)
    {
        command.AddParameter("@Id", id);
        command.AddParameter("@Fingerprint", fingerprint);
        command.AddParameter("@Lease", (now + settings.Lease).UtcTicks);
        command.AddParameter("@Expires", (now + settings.Retention).UtcTicks);
    }

    /// <summary>Drops expired keys, at most once a minute per gateway.</summary>
    private async Task PurgeExpiredAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextPurge);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPurge, (now + TimeSpan.FromMinutes(1)).UtcTicks, due) != due)
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM IdempotentRequests WHERE ExpiresAt <= @Now;";
        command.AddParameter("@Now", now.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
