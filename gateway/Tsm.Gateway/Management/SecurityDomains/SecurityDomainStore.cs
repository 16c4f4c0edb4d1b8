using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Management;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>
/// Security-domain definitions (Sqlite/12-SecurityDomainDefinitions.sql, PostgreSql/13-SecurityDomainDefinitions.sql;
/// docs/management/security-domains.md). Writes run serialized under the catalogue's write lock; a write the OTA
/// engine sees (anything touching an approved definition) counts a catalogue change in its transaction.
/// <paramref name="applicationsUnder"/> gives the AIDs of the applications that live in an SD (for "created on an SE").
/// </summary>
public sealed class SecurityDomainStore(
    IPlatformDatabase database,
    IOptions<SecurityDomainAidOptions> aids,
    TimeProvider time,
    Func<string, IReadOnlyList<string>>? applicationsUnder = null)
{
    /// <summary>The operation a successful SD creation is recorded under (see <see cref="OperationNames"/>).</summary>
    public const string CreateOperation = "create-security-domain";

    /// <summary>The operation a successful download is recorded under; a download creates its application's missing SD first.</summary>
    public const string DownloadOperation = "download";

    /// <summary>Who applied for the definitions seeded from configuration.</summary>
    public const string ConfigurationActor = "configuration";

    private const string Columns = "Aid, Owner, State, Definition, AppliedBy, AppliedAt, DecidedBy, DecidedAt, Reason";

    /// <summary>
    /// Applies for a definition (5.3.2): allocates the next free AID of the configured ranges and stores the definition,
    /// pending. Two applications at once never get the same AID (the allocation runs serialized, and the AID table's key
    /// refuses a duplicate).
    /// </summary>
    public async Task<SecurityDomainRecord> ApplyAsync(SecurityDomainDefinition attributes, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var ranges = aids.Value.Parse(out _);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        var taken = new List<string>();
        await using (var command = transaction.CreateCommand("SELECT Aid FROM SecurityDomainAids UNION SELECT Aid FROM SecurityDomainDefinitions;"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                taken.Add(reader.GetString(0));
        }

        var now = time.GetUtcNow();
        var record = new SecurityDomainRecord
        {
            Definition = Normalized(attributes with { Aid = AidAllocator.Next(ranges, taken) }),
            State = SecurityDomainState.Pending,
            AppliedBy = actor,
            AppliedAt = now,
        };
        await using (var allocate = transaction.CreateCommand("INSERT INTO SecurityDomainAids (Aid, AllocatedAt) VALUES (@Aid, @At);"))
        {
            allocate.AddParameter("@Aid", record.Aid);
            allocate.AddParameter("@At", now.UtcTicks);
            await allocate.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertAsync(transaction, record, actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>Every definition, or those in <paramref name="state"/> and/or of <paramref name="owner"/>, by AID.</summary>
    public async Task<IReadOnlyList<SecurityDomainRecord>> ListAsync(SecurityDomainState? state = null, string? owner = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // No "@P IS NULL OR …": PostgreSQL cannot type a null parameter there.
        var filters = new List<string>();
        if (state is { } s)
        {
            filters.Add("State = @State");
            command.AddParameter("@State", StateName(s));
        }
        if (owner is not null)
        {
            filters.Add("Owner = @Owner");
            command.AddParameter("@Owner", OwnerKey(owner));
        }
        var where = filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters);
        command.CommandText = $"SELECT {Columns} FROM SecurityDomainDefinitions{where} ORDER BY Aid;";
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<SecurityDomainRecord?> GetAsync(string aid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aid);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM SecurityDomainDefinitions WHERE Aid = @Aid;";
        command.AddParameter("@Aid", aid.ToUpperInvariant());
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Whether the SD has been created on any SE (5.3.4; docs/management/security-domains.md, "Created on an SE").</summary>
    public async Task<bool> IsCreatedOnSeAsync(string aid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aid);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return await IsCreatedOnSeAsync(transaction, aid.ToUpperInvariant(), cancellationToken);
    }

    /// <summary>Approves a pending definition (5.3.3) by another account than its applicant: its owner sees it and the engine may create it.</summary>
    public Task<SecurityDomainRecord> ApproveAsync(string aid, string actor, CancellationToken cancellationToken = default) =>
        DecideAsync(aid, actor, SecurityDomainState.Approved, null, cancellationToken);

    /// <summary>Rejects a pending definition (5.3.3), with the reason, by another account than its applicant.</summary>
    public Task<SecurityDomainRecord> RejectAsync(string aid, string actor, string reason, CancellationToken cancellationToken = default) =>
        DecideAsync(aid, actor, SecurityDomainState.Rejected, reason, cancellationToken);

    /// <summary>
    /// Replaces a definition's attributes (5.3.4): refused for a rejected one, and once the SD has been created on an SE
    /// for anything but the deletion rule and the key-update period.
    /// </summary>
    public async Task<SecurityDomainRecord> EditAsync(string aid, Func<SecurityDomainDefinition, SecurityDomainDefinition> edit, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aid);
        ArgumentNullException.ThrowIfNull(edit);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        var current = await RequireAsync(transaction, aid, cancellationToken);
        var after = Normalized(edit(current.Definition) with { Aid = current.Aid });
        var created = await IsCreatedOnSeAsync(transaction, current.Aid, cancellationToken);
        SecurityDomainRules.RequireEditable(current.State, created, current.Definition, after);
        await using (var update = transaction.CreateCommand(
            "UPDATE SecurityDomainDefinitions SET Owner = @Owner, Definition = @Definition, ChangedBy = @By, ChangedAt = @At WHERE Aid = @Aid;"))
        {
            update.AddParameter("@Aid", current.Aid);
            update.AddParameter("@Owner", OwnerKey(after.Owner));
            update.AddParameter("@Definition", Serialize(after));
            update.AddParameter("@By", actor);
            update.AddParameter("@At", time.GetUtcNow().UtcTicks);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (current.State == SecurityDomainState.Approved)
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return current with { Definition = after };
    }

    /// <summary>Deletes a definition whose SD has never been created on an SE (5.3.4). Its AID stays allocated.</summary>
    public async Task<SecurityDomainRecord> DeleteAsync(string aid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aid);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        var current = await RequireAsync(transaction, aid, cancellationToken);
        SecurityDomainRules.RequireDeletable(current.Aid, await IsCreatedOnSeAsync(transaction, current.Aid, cancellationToken));
        await using (var delete = transaction.CreateCommand("DELETE FROM SecurityDomainDefinitions WHERE Aid = @Aid;"))
        {
            delete.AddParameter("@Aid", current.Aid);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        if (current.State == SecurityDomainState.Approved)
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return current;
    }

    /// <summary>
    /// Inserts the configured definitions (section "Catalogue:SecurityDomains") that are missing, approved, never
    /// overwriting a stored one; answers how many were inserted.
    /// </summary>
    public async Task<int> SeedAsync(IEnumerable<SecurityDomainDefinition> configured, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var now = time.GetUtcNow();
        var inserted = 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        foreach (var definition in configured.Where(d => !string.IsNullOrWhiteSpace(d.Aid)))
        {
            var record = new SecurityDomainRecord
            {
                Definition = Normalized(definition),
                State = SecurityDomainState.Approved,
                AppliedBy = ConfigurationActor,
                AppliedAt = now,
                DecidedBy = ConfigurationActor,
                DecidedAt = now,
            };
            await using (var allocate = transaction.CreateCommand("INSERT INTO SecurityDomainAids (Aid, AllocatedAt) VALUES (@Aid, @At) ON CONFLICT (Aid) DO NOTHING;"))
            {
                allocate.AddParameter("@Aid", record.Aid);
                allocate.AddParameter("@At", now.UtcTicks);
                await allocate.ExecuteNonQueryAsync(cancellationToken);
            }

            inserted += await InsertAsync(transaction, record, ConfigurationActor, cancellationToken, ifMissing: true);
        }

        if (inserted > 0)
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>The engine's projection: the approved definitions, by AID.</summary>
    public static async Task<IReadOnlyList<SecurityDomainDefinition>> ListForEngineAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Definition FROM SecurityDomainDefinitions WHERE State = @State ORDER BY Aid;";
        command.AddParameter("@State", StateName(SecurityDomainState.Approved));
        var definitions = new List<SecurityDomainDefinition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            definitions.Add(Deserialize(reader.GetString(0)));
        return definitions;
    }

    public static string StateName(SecurityDomainState state) => state.ToString().ToLowerInvariant();

    /// <summary>The owner as stored: a provider id as given, the operator as <see cref="SecurityDomainDefinition.OperatorOwner"/>.</summary>
    public static string OwnerKey(string owner) =>
        string.IsNullOrEmpty(owner) || owner.Equals(SecurityDomainDefinition.OperatorOwner, StringComparison.OrdinalIgnoreCase)
            ? SecurityDomainDefinition.OperatorOwner
            : owner;

    private static SecurityDomainDefinition Normalized(SecurityDomainDefinition definition) => definition with
    {
        Aid = definition.Aid.ToUpperInvariant(),
        Owner = OwnerKey(definition.Owner),
        LoadFileAid = definition.LoadFileAid.ToUpperInvariant(),
        ModuleAid = definition.ModuleAid.ToUpperInvariant(),
    };

    private async Task<SecurityDomainRecord> DecideAsync(string aid, string actor, SecurityDomainState decision, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aid);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        var current = await RequireAsync(transaction, aid, cancellationToken);
        SecurityDomainRules.RequireDecidable(current.Aid, current.State, current.AppliedBy, actor);
        var now = time.GetUtcNow();
        await using (var update = transaction.CreateCommand(
            "UPDATE SecurityDomainDefinitions SET State = @State, DecidedBy = @By, DecidedAt = @At, Reason = @Reason, ChangedBy = @By, ChangedAt = @At WHERE Aid = @Aid;"))
        {
            update.AddParameter("@Aid", current.Aid);
            update.AddParameter("@State", StateName(decision));
            update.AddParameter("@By", actor);
            update.AddParameter("@At", now.UtcTicks);
            update.AddParameter("@Reason", reason);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (decision == SecurityDomainState.Approved)
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return current with { State = decision, DecidedBy = actor, DecidedAt = now, Reason = reason };
    }

    private static async Task<SecurityDomainRecord> RequireAsync(DbTransaction transaction, string aid, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand($"SELECT {Columns} FROM SecurityDomainDefinitions WHERE Aid = @Aid;");
        command.AddParameter("@Aid", aid.ToUpperInvariant());
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault()
            ?? throw new RefusedException(RefusalCode.UnknownSecurityDomain, $"No security-domain definition has AID {aid}.");
    }

    /// <summary>
    /// Created on an SE: a successful create-security-domain of the AID in the operation records, a successful download
    /// of an application that lives in the SD (the engine creates a missing SD first), or the SD preset in a batch.
    /// </summary>
    private async Task<bool> IsCreatedOnSeAsync(DbTransaction transaction, string aid, CancellationToken cancellationToken)
    {
        await using (var created = transaction.CreateCommand(
            "SELECT 1 FROM OperationRecords WHERE ApplicationAid IN (@Aid, @Lower) AND Operation = @Operation AND Result = 'succeeded' LIMIT 1;"))
        {
            created.AddParameter("@Aid", aid);
            created.AddParameter("@Lower", aid.ToLowerInvariant());
            created.AddParameter("@Operation", CreateOperation);
            if (await created.ExecuteScalarAsync(cancellationToken) is not null)
                return true;
        }

        foreach (var application in applicationsUnder?.Invoke(aid) ?? [])
        {
            await using var downloaded = transaction.CreateCommand(
                "SELECT 1 FROM OperationRecords WHERE ApplicationAid IN (@Aid, @Upper) AND Operation = @Operation AND Result = 'succeeded' LIMIT 1;");
            downloaded.AddParameter("@Aid", application);
            downloaded.AddParameter("@Upper", application.ToUpperInvariant());
            downloaded.AddParameter("@Operation", DownloadOperation);
            if (await downloaded.ExecuteScalarAsync(cancellationToken) is not null)
                return true;
        }

        await using var batches = transaction.CreateCommand("SELECT Definition FROM SeBatches;");
        await using var reader = await batches.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var batch = Batches.BatchStore.Deserialize(reader.GetString(0));
            if (batch.PresetSecurityDomains.Any(p => p.Aid.Equals(aid, StringComparison.OrdinalIgnoreCase)))
                return true;
        }

        return false;
    }

    private static async Task<int> InsertAsync(DbTransaction transaction, SecurityDomainRecord record, string actor, CancellationToken cancellationToken, bool ifMissing = false)
    {
        await using var insert = transaction.CreateCommand($"""
            INSERT INTO SecurityDomainDefinitions ({Columns}, ChangedBy, ChangedAt)
            VALUES (@Aid, @Owner, @State, @Definition, @AppliedBy, @AppliedAt, @DecidedBy, @DecidedAt, @Reason, @By, @AppliedAt)
            {(ifMissing ? "ON CONFLICT (Aid) DO NOTHING" : "")};
            """);
        insert.AddParameter("@Aid", record.Aid);
        insert.AddParameter("@Owner", OwnerKey(record.Owner));
        insert.AddParameter("@State", StateName(record.State));
        insert.AddParameter("@Definition", Serialize(record.Definition));
        insert.AddParameter("@AppliedBy", record.AppliedBy);
        insert.AddParameter("@AppliedAt", record.AppliedAt.UtcTicks);
        insert.AddParameter("@DecidedBy", record.DecidedBy);
        insert.AddParameter("@DecidedAt", record.DecidedAt?.UtcTicks);
        insert.AddParameter("@Reason", record.Reason);
        insert.AddParameter("@By", actor);
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<SecurityDomainRecord>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var records = new List<SecurityDomainRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new SecurityDomainRecord
            {
                Definition = Deserialize(reader.GetString(3)),
                State = Enum.Parse<SecurityDomainState>(reader.GetString(2), ignoreCase: true),
                AppliedBy = reader.GetString(4),
                AppliedAt = new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                DecidedBy = reader.IsDBNull(6) ? null : reader.GetString(6),
                DecidedAt = reader.IsDBNull(7) ? null : new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero),
                Reason = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }

        return records;
    }

    private static string Serialize(SecurityDomainDefinition definition) =>
        JsonSerializer.Serialize(definition, SecurityDomainsJsonContext.Default.SecurityDomainDefinition);

    private static SecurityDomainDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize(json, SecurityDomainsJsonContext.Default.SecurityDomainDefinition)
        ?? throw new InvalidDataException("A stored security-domain definition is empty.");
}
