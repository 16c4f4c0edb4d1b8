using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Tsm.Gateway.Storage;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Management.Applications;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Management.Applications;

/// <summary>
/// The application catalogue's tables (Sqlite/14-Applications.sql, PostgreSql/15-Applications.sql;
/// docs/management/applications.md): application versions with their history, uploaded CAP files, libraries. Every
/// write the OTA engine sees counts a catalogue change (<see cref="CatalogueChanges.MarkAsync"/>) in its transaction.
/// </summary>
public sealed class ApplicationStore(IPlatformDatabase database) : Providers.IApplicationCensus
{
    private const string Columns =
        "VersionId, Aid, ProviderId, ProviderVersion, Name, Status, Reason, Definition, Manifest, Tests, Seeded, CreatedAt, UpdatedAt";

    private static ApplicationStorageJsonContext Json => ApplicationStorageJsonContext.Default;

    /// <summary>Stores a new upload (state initial) with its CAP files.</summary>
    /// <exception cref="RefusedException"><see cref="RefusalCode.ApplicationVersionExists"/>: the version id is taken; nothing is stored.</exception>
    public async Task InsertAsync(ApplicationRecord record, IReadOnlyList<(string Sha1, byte[] Content)> caps, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(caps);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        if (await ExistsAsync(transaction, record.VersionId, cancellationToken))
            throw new RefusedException(RefusalCode.ApplicationVersionExists,
                $"Application version {record.VersionId} exists: upload under another provider version.");
        foreach (var (sha1, content) in caps)
            await InsertCapAsync(transaction, sha1, content, record.CreatedAt, cancellationToken);
        await InsertRowAsync(transaction, record, cancellationToken);
        await InsertTransitionAsync(transaction, record.VersionId, new ApplicationTransition(
            record.Seeded ? "seed" : "upload", null, record.Status, actor, record.CreatedAt, null), cancellationToken);
        if (record.Status != ApplicationLifecycle.NameOf(ApplicationStatus.Initial))
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="action"/> to a version: the lifecycle decides the next state, <paramref name="change"/> the
    /// rest of the record (reason, tests, published batches); the history gets one entry.
    /// </summary>
    /// <exception cref="RefusedException">Unknown version (<see cref="RefusalCode.UnknownApplication"/>), a transition the lifecycle refuses, or <paramref name="change"/>'s own refusal; nothing is changed.</exception>
    public async Task<ApplicationRecord> TransitionAsync(
        string versionId, ApplicationAction action, Func<ApplicationRecord, ApplicationRecord> change, string actor, string? reason,
        DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        var current = await ReadOneAsync(transaction.Connection!, transaction, versionId, cancellationToken)
            ?? throw new RefusedException(RefusalCode.UnknownApplication, $"No application version {versionId}.");
        ApplicationLifecycle.TryParse(current.Status, out var from);
        var to = ApplicationLifecycle.Next(from, action);
        var next = change(current) with { Status = ApplicationLifecycle.NameOf(to), UpdatedAt = at };
        next = next with { Definition = next.Definition with { Status = to } };
        await using (var update = transaction.CreateCommand(
            "UPDATE Applications SET Status = @Status, Reason = @Reason, Definition = @Definition, Tests = @Tests, UpdatedAt = @UpdatedAt WHERE VersionId = @VersionId;"))
        {
            update.AddParameter("@Status", next.Status);
            update.AddParameter("@Reason", next.Reason);
            update.AddParameter("@Definition", JsonSerializer.Serialize(next.Definition, Json.ApplicationDefinition));
            update.AddParameter("@Tests", JsonSerializer.Serialize([.. next.Tests], Json.ListApplicationTestResult));
            update.AddParameter("@UpdatedAt", at.ToUnixTimeMilliseconds());
            update.AddParameter("@VersionId", versionId);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertTransitionAsync(transaction, versionId, new ApplicationTransition(
            action.ToString().ToLowerInvariant(), current.Status, next.Status, actor, at, reason), cancellationToken);
        if (from != ApplicationStatus.Initial || to != ApplicationStatus.Initial)
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    public async Task<ApplicationRecord?> GetAsync(string versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ReadOneAsync(connection, null, versionId, cancellationToken);
    }

    /// <summary>Versions matching <paramref name="query"/>, newest upload first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ApplicationRecord>> ListAsync(ApplicationQuery query, int limit = 500, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.ProviderId is not null)
        {
            where.Add("ProviderId = @Provider");
            command.AddParameter("@Provider", query.ProviderId);
        }
        if (query.Status is not null)
        {
            where.Add("Status = @Status");
            command.AddParameter("@Status", query.Status);
        }
        if (query.From is { } from)
        {
            where.Add("CreatedAt >= @From");
            command.AddParameter("@From", from.ToUnixTimeMilliseconds());
        }
        if (query.To is { } to)
        {
            where.Add("CreatedAt < @To");
            command.AddParameter("@To", to.ToUnixTimeMilliseconds());
        }
        command.CommandText = $"SELECT {Columns} FROM Applications{(where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where))} "
            + "ORDER BY CreatedAt DESC, VersionId LIMIT @Limit;";
        command.AddParameter("@Limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>The history of a version, oldest first.</summary>
    public async Task<IReadOnlyList<ApplicationTransition>> HistoryAsync(string versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Action, FromStatus, ToStatus, Actor, At, Reason FROM ApplicationTransitions WHERE VersionId = @VersionId ORDER BY Id;";
        command.AddParameter("@VersionId", versionId);
        var history = new List<ApplicationTransition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(new ApplicationTransition(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture)),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return history;
    }

    /// <summary>
    /// The engine's projection (docs/management/applications.md, "What the engine reads"): every application not in
    /// state initial, one per AID: its newest published version, or else its newest version.
    /// </summary>
    public static async Task<IReadOnlyList<ApplicationDefinition>> ListForEngineAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM Applications WHERE Status <> 'initial' ORDER BY CreatedAt DESC, VersionId DESC;";
        var rows = await ReadAllAsync(command, cancellationToken);
        return [.. rows.GroupBy(r => r.Aid, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.FirstOrDefault(r => r.Status == "published") ?? g.First()).Definition)
            .OrderBy(d => d.Aid, StringComparer.Ordinal)];
    }

    /// <summary>Every library of the catalogue, by AID.</summary>
    public static async Task<IReadOnlyList<LibraryDefinition>> ListLibrariesAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Aid, Name, LoadFile FROM Libraries ORDER BY Aid;";
        var libraries = new List<LibraryDefinition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            libraries.Add(new LibraryDefinition
            {
                Aid = reader.GetString(0),
                Name = reader.GetString(1),
                LoadFile = JsonSerializer.Deserialize(reader.GetString(2), Json.LoadFileDefinition)!,
            });
        }
        return libraries;
    }

    /// <summary>Every library of the catalogue, by AID.</summary>
    public async Task<IReadOnlyList<LibraryDefinition>> ListLibrariesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ListLibrariesAsync(connection, cancellationToken);
    }

    /// <summary>The bytes of the CAP file stored under <paramref name="sha1"/> (a load file's <c>stored:SHA1</c>), or null.</summary>
    public async Task<byte[]?> ReadCapAsync(string sha1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha1);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Content FROM CapFiles WHERE Sha1 = @Sha1;";
        command.AddParameter("@Sha1", sha1.ToUpperInvariant());
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <summary>How many of the provider's application versions are not archived (a provider deregisters only at 0).</summary>
    public async Task<int> CountUnarchivedAsync(string providerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providerId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Applications WHERE ProviderId = @Provider AND Status <> 'archived';";
        command.AddParameter("@Provider", providerId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Adds a library with its CAP file (stored when its bytes are given).</summary>
    /// <exception cref="RefusedException"><see cref="RefusalCode.LibraryExists"/>.</exception>
    public async Task AddLibraryAsync(LibraryDefinition library, (string Sha1, byte[] Content)? cap, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(library);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        if (!await TryInsertLibraryAsync(transaction, library, at, cancellationToken))
            throw new RefusedException(RefusalCode.LibraryExists, $"Library {library.Aid} is already in the catalogue.");
        if (cap is { } file)
            await InsertCapAsync(transaction, file.Sha1, file.Content, at, cancellationToken);
        await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts configured applications and libraries that the database lacks (an application by AID, any version),
    /// never overwriting; answers how many rows it added.
    /// </summary>
    public async Task<int> SeedAsync(IEnumerable<ApplicationDefinition> applications, IEnumerable<LibraryDefinition> libraries, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentNullException.ThrowIfNull(libraries);
        int added = 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        foreach (var application in applications)
        {
            await using var exists = transaction.CreateCommand("SELECT 1 FROM Applications WHERE Aid = @Aid LIMIT 1;");
            exists.AddParameter("@Aid", application.Aid.ToUpperInvariant());
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
                continue;
            var versionId = string.IsNullOrEmpty(application.VersionId) ? application.Aid.ToUpperInvariant() + "-configured" : application.VersionId;
            var record = new ApplicationRecord
            {
                VersionId = versionId,
                Aid = application.Aid.ToUpperInvariant(),
                ProviderId = application.ServiceProvider,
                ProviderVersion = "configured",
                Name = application.Name,
                Status = ApplicationLifecycle.NameOf(application.Status),
                Definition = application with { VersionId = versionId },
                Seeded = true,
                CreatedAt = at,
                UpdatedAt = at,
            };
            await InsertRowAsync(transaction, record, cancellationToken);
            await InsertTransitionAsync(transaction, versionId, new ApplicationTransition("seed", null, record.Status, "configuration", at, null), cancellationToken);
            added++;
        }
        foreach (var library in libraries)
        {
            if (await TryInsertLibraryAsync(transaction, library, at, cancellationToken))
                added++;
        }
        if (added > 0)
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    private static async Task<bool> TryInsertLibraryAsync(DbTransaction transaction, LibraryDefinition library, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var insert = transaction.CreateCommand(
            "INSERT INTO Libraries (Aid, Name, LoadFile, CreatedAt) VALUES (@Aid, @Name, @LoadFile, @At) ON CONFLICT (Aid) DO NOTHING;");
        insert.AddParameter("@Aid", library.Aid.ToUpperInvariant());
        insert.AddParameter("@Name", library.Name);
        insert.AddParameter("@LoadFile", JsonSerializer.Serialize(library.LoadFile, Json.LoadFileDefinition));
        insert.AddParameter("@At", at.ToUnixTimeMilliseconds());
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task InsertCapAsync(DbTransaction transaction, string sha1, byte[] content, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var insert = transaction.CreateCommand(
            "INSERT INTO CapFiles (Sha1, Content, StoredAt) VALUES (@Sha1, @Content, @At) ON CONFLICT (Sha1) DO NOTHING;");
        insert.AddParameter("@Sha1", sha1.ToUpperInvariant());
        insert.AddParameter("@Content", content);
        insert.AddParameter("@At", at.ToUnixTimeMilliseconds());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task InsertRowAsync(DbTransaction transaction, ApplicationRecord record, CancellationToken cancellationToken)
    {
        await using var insert = transaction.CreateCommand($"INSERT INTO Applications ({Columns}) VALUES "
            + "(@VersionId, @Aid, @ProviderId, @ProviderVersion, @Name, @Status, @Reason, @Definition, @Manifest, @Tests, @Seeded, @CreatedAt, @UpdatedAt);");
        insert.AddParameter("@VersionId", record.VersionId);
        insert.AddParameter("@Aid", record.Aid);
        insert.AddParameter("@ProviderId", record.ProviderId);
        insert.AddParameter("@ProviderVersion", record.ProviderVersion);
        insert.AddParameter("@Name", record.Name);
        insert.AddParameter("@Status", record.Status);
        insert.AddParameter("@Reason", record.Reason);
        insert.AddParameter("@Definition", JsonSerializer.Serialize(record.Definition, Json.ApplicationDefinition));
        insert.AddParameter("@Manifest", record.Manifest is null ? null : JsonSerializer.Serialize(record.Manifest, Json.ApplicationManifest));
        insert.AddParameter("@Tests", JsonSerializer.Serialize([.. record.Tests], Json.ListApplicationTestResult));
        insert.AddParameter("@Seeded", record.Seeded ? 1 : 0);
        insert.AddParameter("@CreatedAt", record.CreatedAt.ToUnixTimeMilliseconds());
        insert.AddParameter("@UpdatedAt", record.UpdatedAt.ToUnixTimeMilliseconds());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task InsertTransitionAsync(DbTransaction transaction, string versionId, ApplicationTransition entry, CancellationToken cancellationToken)
    {
        await using var insert = transaction.CreateCommand(
            "INSERT INTO ApplicationTransitions (VersionId, Action, FromStatus, ToStatus, Actor, At, Reason) VALUES (@VersionId, @Action, @From, @To, @Actor, @At, @Reason);");
        insert.AddParameter("@VersionId", versionId);
        insert.AddParameter("@Action", entry.Action);
        insert.AddParameter("@From", entry.From);
        insert.AddParameter("@To", entry.To);
        insert.AddParameter("@Actor", entry.Actor);
        insert.AddParameter("@At", entry.At.ToUnixTimeMilliseconds());
        insert.AddParameter("@Reason", entry.Reason);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> ExistsAsync(DbTransaction transaction, string versionId, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand("SELECT 1 FROM Applications WHERE VersionId = @VersionId;");
        command.AddParameter("@VersionId", versionId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task<ApplicationRecord?> ReadOneAsync(DbConnection connection, DbTransaction? transaction, string versionId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM Applications WHERE VersionId = @VersionId;";
        command.AddParameter("@VersionId", versionId);
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    private static async Task<List<ApplicationRecord>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var records = new List<ApplicationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = reader.GetString(5);
            ApplicationLifecycle.TryParse(status, out var parsed);
            records.Add(new ApplicationRecord
            {
                VersionId = reader.GetString(0),
                Aid = reader.GetString(1),
                ProviderId = reader.GetString(2),
                ProviderVersion = reader.GetString(3),
                Name = reader.GetString(4),
                Status = status,
                Reason = reader.IsDBNull(6) ? null : reader.GetString(6),
                Definition = JsonSerializer.Deserialize(reader.GetString(7), Json.ApplicationDefinition)! with { Status = parsed },
                Manifest = reader.IsDBNull(8) ? null : JsonSerializer.Deserialize(reader.GetString(8), Json.ApplicationManifest),
                Tests = JsonSerializer.Deserialize(reader.GetString(9), Json.ListApplicationTestResult) ?? [],
                Seeded = Convert.ToInt64(reader.GetValue(10), CultureInfo.InvariantCulture) != 0,
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(11), CultureInfo.InvariantCulture)),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(12), CultureInfo.InvariantCulture)),
            });
        }
        return records;
    }
}
