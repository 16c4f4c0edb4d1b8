using Tsm.Grains.Ota;

namespace Tsm.Gateway.Storage;

/// <summary>The SE bindings table (Sqlite/05-Sms.sql, PostgreSql/06-Sms.sql): which MSISDN each registered SE is bound to (requirement 5.5.2).</summary>
public sealed class SeDirectory(IPlatformDatabase database, TimeProvider time) : ISeDirectory
{
    public async Task BindAsync(string seId, string msisdn)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO SeBindings (SeId, Msisdn, BoundAt) VALUES (@SeId, @Msisdn, @At)
            ON CONFLICT (SeId) DO UPDATE SET Msisdn = excluded.Msisdn, BoundAt = excluded.BoundAt;
            """;
        command.AddParameter("@SeId", seId);
        command.AddParameter("@Msisdn", msisdn);
        command.AddParameter("@At", time.GetUtcNow().UtcTicks);
        await command.ExecuteNonQueryAsync();
    }

    public async Task UnbindAsync(string seId, string msisdn)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        // Only the binding to that number: a registration to a new number that landed meanwhile stays.
        command.CommandText = "DELETE FROM SeBindings WHERE SeId = @SeId AND Msisdn = @Msisdn;";
        command.AddParameter("@SeId", seId);
        command.AddParameter("@Msisdn", msisdn);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The free memory the SE last reported, in table SeSpace (Sqlite/15-Statistics.sql, PostgreSql/16-Statistics.sql).</summary>
    public async Task RecordSpaceAsync(string seId, long? freeNonVolatile, long? freeVolatile)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        // A figure not read this time keeps the one read before.
        command.CommandText = """
            INSERT INTO SeSpace (SeId, FreeNonVolatile, FreeVolatile, ReportedAt) VALUES (@SeId, @Nv, @V, @At)
            ON CONFLICT (SeId) DO UPDATE SET FreeNonVolatile = COALESCE(excluded.FreeNonVolatile, SeSpace.FreeNonVolatile),
                FreeVolatile = COALESCE(excluded.FreeVolatile, SeSpace.FreeVolatile), ReportedAt = excluded.ReportedAt;
            """;
        command.AddParameter("@SeId", seId);
        command.AddParameter("@Nv", (object?)freeNonVolatile ?? DBNull.Value);
        command.AddParameter("@V", (object?)freeVolatile ?? DBNull.Value);
        command.AddParameter("@At", time.GetUtcNow().UtcTicks);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The SEs bound to a number, oldest binding first.</summary>
    public async Task<IReadOnlyList<string>> SeIdsOfAsync(string msisdn, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT SeId FROM SeBindings WHERE Msisdn = @Msisdn ORDER BY BoundAt;";
        command.AddParameter("@Msisdn", msisdn);
        var seIds = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            seIds.Add(reader.GetString(0));
        return seIds;
    }

    public async Task<string?> MsisdnOfAsync(string seId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Msisdn FROM SeBindings WHERE SeId = @SeId;";
        command.AddParameter("@SeId", seId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Registered SEs whose SEID is in [from, to] and after <paramref name="after"/>, in SEID order: a page of an SE batch.</summary>
    public async Task<IReadOnlyList<string>> SeIdsInRangeAsync(string from, string to, string? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT SeId FROM SeBindings WHERE SeId >= @From AND SeId <= @To AND SeId > @After ORDER BY SeId LIMIT @Limit;";
        command.AddParameter("@From", from.ToUpperInvariant());
        command.AddParameter("@To", to.ToUpperInvariant());
        command.AddParameter("@After", (after ?? "").ToUpperInvariant());
        command.AddParameter("@Limit", limit);
        var seIds = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            seIds.Add(reader.GetString(0));
        return seIds;
    }
}
