using Tsm.Grains.Ota;

namespace Tsm.Gateway.Storage;

/// <summary>The SE bindings table (05-Sms.sql): which MSISDN each registered SE is bound to (seed 5.5.2).</summary>
public sealed class SeDirectory(SqliteSchema schema, TimeProvider time) : ISeDirectory
{
    public async Task BindAsync(string seId, string msisdn)
    {
        await using var connection = await schema.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO SeBindings (SeId, Msisdn, BoundAt) VALUES (@SeId, @Msisdn, @At)
            ON CONFLICT (SeId) DO UPDATE SET Msisdn = excluded.Msisdn, BoundAt = excluded.BoundAt;
            """;
        command.Parameters.AddWithValue("@SeId", seId);
        command.Parameters.AddWithValue("@Msisdn", msisdn);
        command.Parameters.AddWithValue("@At", time.GetUtcNow().UtcTicks);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The SEs bound to a number, oldest binding first.</summary>
    public async Task<IReadOnlyList<string>> SeIdsOfAsync(string msisdn, CancellationToken cancellationToken = default)
    {
        await using var connection = await schema.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT SeId FROM SeBindings WHERE Msisdn = @Msisdn ORDER BY BoundAt;";
        command.Parameters.AddWithValue("@Msisdn", msisdn);
        var seIds = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            seIds.Add(reader.GetString(0));
        return seIds;
    }

    public async Task<string?> MsisdnOfAsync(string seId, CancellationToken cancellationToken = default)
    {
        await using var connection = await schema.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Msisdn FROM SeBindings WHERE SeId = @SeId;";
        command.Parameters.AddWithValue("@SeId", seId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
