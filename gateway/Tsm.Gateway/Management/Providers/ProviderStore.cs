using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Gateway.Storage;
using Tsm.Grains.Management.Providers;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// The service providers (Sqlite/11-Providers.sql, PostgreSql/12-Providers.sql; docs/management/providers.md).
/// State changes run one at a time under <see cref="CatalogueChanges.WriteLockKey"/> (they change what the OTA engine
/// reads: <see cref="ListBlockedAsync"/>) and count as catalogue changes. The set of blocked providers is cached for
/// the service-provider API's entry check, reloaded after each change made here and periodically.
/// </summary>
public sealed class ProviderStore(IPlatformDatabase database, TimeProvider time, ILogger<ProviderStore>? logger = null)
{
    private const string Columns =
        "Id, Spid, Status, Name, Type, BusinessRegistrationNumber, OperatingLicenceNumber, ApplicationTypes, CooperationType, " +
        "Address, Postcode, Telephone, Fax, ContactName, ContactMobile, ContactEmail, Account, RegisteredBy, RegisteredAt, DecidedBy, Reason, UpdatedAt";

    /// <summary>Who registered a provider that came from configuration.</summary>
    public const string Configuration = "configuration";

    private readonly ILogger _logger = logger ?? NullLogger<ProviderStore>.Instance;

    /// <summary>The engine projection: SPIDs (and seeded ids) of blacklisted or deregistered providers.</summary>
    public static async Task<IReadOnlySet<string>> ListBlockedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, Spid FROM Providers WHERE Status IN ('blacklisted', 'deregistered');";
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            blocked.Add(reader.IsDBNull(1) ? reader.GetString(0) : reader.GetString(1));
        return blocked;
    }

    /// <summary>
    /// Whether the provider is blacklisted or deregistered, read from the database. Request paths ask the engine's
    /// catalogue (<c>ICatalogue.IsProviderBlocked</c>), which caches the same set for every silo.
    /// </summary>
    public async ValueTask<bool> IsBlockedAsync(string provider, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return (await ListBlockedAsync(connection, cancellationToken)).Contains(provider);
    }

    /// <summary>Stores a new registration, pending approval, under the next registration id (REG000001, …).</summary>
    public async Task<ServiceProviderRecord> RegisterAsync(ProviderBasics basics, ProviderExtended extended, string registeredBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basics);
        ArgumentNullException.ThrowIfNull(extended);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        var number = await NextAsync(transaction, "RegistrationNumber", cancellationToken);
        var record = new ServiceProviderRecord
        {
            Id = "REG" + number.ToString("D6", CultureInfo.InvariantCulture),
            Status = ProviderStatus.Pending,
            Basics = basics,
            Extended = extended,
            RegisteredBy = registeredBy,
            RegisteredAt = now,
            UpdatedAt = now,
        };
        await InsertAsync(transaction, record, number, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>
    /// Inserts each configured provider that is missing, approved (blacklisted when it is one of
    /// <paramref name="blacklisted"/>), with its configured id as SPID; never changes one that exists. Answers how many
    /// were added.
    /// </summary>
    public async Task<int> SeedAsync(IEnumerable<string> ids, IReadOnlySet<string> blacklisted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(blacklisted);
        var now = time.GetUtcNow();
        var added = 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            await using (var exists = transaction.CreateCommand("SELECT 1 FROM Providers WHERE Id = @Id OR Spid = @Id;"))
            {
                exists.AddParameter("@Id", id);
                if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
                    continue;
            }
            var record = new ServiceProviderRecord
            {
                Id = id,
                Spid = id,
                Status = blacklisted.Contains(id) ? ProviderStatus.Blacklisted : ProviderStatus.Approved,
                Basics = new ProviderBasics(id, "configured", "-", "-", [], "configured"),
                Extended = ProviderExtended.Empty,
                RegisteredBy = Configuration,
                RegisteredAt = now,
                DecidedBy = Configuration,
                UpdatedAt = now,
            };
            await InsertAsync(transaction, record, null, cancellationToken);
            added++;
        }
        if (added > 0)
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>A provider by its registration id or SPID, or null.</summary>
    public async Task<ServiceProviderRecord?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM Providers WHERE Id = @Key OR Spid = @Key;";
        command.AddParameter("@Key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Providers in a state (all when null), oldest registration first, one page.</summary>
    public async Task<ProviderPage> ListAsync(ProviderStatus? status, int offset, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var where = status is null ? "" : "WHERE Status = @Status ";
        int total;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = $"SELECT COUNT(*) FROM Providers {where};";
            if (status is not null)
                count.AddParameter("@Status", status.Value.Name());
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM Providers {where}ORDER BY RegisteredAt, Id LIMIT @Limit OFFSET @Offset;";
        if (status is not null)
            command.AddParameter("@Status", status.Value.Name());
        command.AddParameter("@Limit", limit);
        command.AddParameter("@Offset", offset);
        var items = new List<ServiceProviderRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            items.Add(Read(reader));
        return new ProviderPage(items, total, offset, limit);
    }

    /// <summary>Replaces the attributes of a provider (the caller checked who may change which); its before and after.</summary>
    public async Task<ProviderDecision> UpdateAttributesAsync(string key, Func<ServiceProviderRecord, ServiceProviderRecord> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        var before = await FindAsync(transaction, key, cancellationToken);
        var after = change(before) with { UpdatedAt = time.GetUtcNow() };
        await using var update = transaction.CreateCommand(
            "UPDATE Providers SET Name = @Name, Type = @Type, BusinessRegistrationNumber = @Brn, OperatingLicenceNumber = @Oln, " +
            "ApplicationTypes = @AppTypes, CooperationType = @Coop, Address = @Address, Postcode = @Postcode, Telephone = @Telephone, " +
            "Fax = @Fax, ContactName = @ContactName, ContactMobile = @ContactMobile, ContactEmail = @ContactEmail, UpdatedAt = @Now WHERE Id = @Id;");
        AddAttributes(update, after);
        update.AddParameter("@Now", after.UpdatedAt.UtcTicks);
        update.AddParameter("@Id", before.Id);
        await update.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ProviderDecision(before, after);
    }

    /// <summary>
    /// Applies <paramref name="action"/> when the provider's state allows it (<see cref="ProviderLifecycle"/>); approval
    /// and rejection only by another operator than the registrant; approval issues the next SPID and names the login
    /// account after it. Refusals are <see cref="RefusedException"/>s; nothing is written then.
    /// </summary>
    public async Task<ProviderDecision> DecideAsync(string key, ProviderAction action, string actor, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ProviderDecision decision;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken))
        {
            var before = await FindAsync(transaction, key, cancellationToken);
            var next = ProviderLifecycle.Next(before.Status, action);
            if (action is ProviderAction.Approve or ProviderAction.Reject)
                ProviderLifecycle.CheckApprover(before.RegisteredBy, actor);
            var after = before with { Status = next, DecidedBy = actor, Reason = reason?.Trim(), UpdatedAt = time.GetUtcNow() };
            long? spidNumber = null;
            if (action == ProviderAction.Approve)
            {
                spidNumber = await NextAsync(transaction, "SpidNumber", cancellationToken);
                if (spidNumber > Spids.MaxNumber)
                    throw new InvalidOperationException("The SPID sequence is exhausted.");
                var spid = Spids.Format((int)spidNumber.Value);
                after = after with { Spid = spid, Account = spid };
            }
            await using var update = transaction.CreateCommand(
                "UPDATE Providers SET Status = @Status, Spid = @Spid, SpidNumber = COALESCE(@SpidNumber, SpidNumber), Account = @Account, " +
                "DecidedBy = @DecidedBy, Reason = @Reason, UpdatedAt = @Now WHERE Id = @Id AND Status = @Was;");
            update.AddParameter("@Status", next.Name());
            update.AddParameter("@Spid", after.Spid);
            update.AddParameter("@SpidNumber", spidNumber);
            update.AddParameter("@Account", after.Account);
            update.AddParameter("@DecidedBy", actor);
            update.AddParameter("@Reason", after.Reason);
            update.AddParameter("@Now", after.UpdatedAt.UtcTicks);
            update.AddParameter("@Id", before.Id);
            update.AddParameter("@Was", before.Status.Name());
            await update.ExecuteNonQueryAsync(cancellationToken);
            await CatalogueChanges.MarkAsync(transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            decision = new ProviderDecision(before, after);
        }
        return decision;
    }

    /// <summary>Undoes an approval whose login account could not be made: pending again, without SPID.</summary>
    public async Task RevertApprovalAsync(ServiceProviderRecord pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginSerializedAsync(database.Dialect, CatalogueChanges.WriteLockKey, cancellationToken);
        await using var update = transaction.CreateCommand(
            "UPDATE Providers SET Status = 'pending', Spid = NULL, SpidNumber = NULL, Account = NULL, DecidedBy = NULL, Reason = @Reason, UpdatedAt = @Now WHERE Id = @Id;");
        update.AddParameter("@Reason", pending.Reason);
        update.AddParameter("@Now", time.GetUtcNow().UtcTicks);
        update.AddParameter("@Id", pending.Id);
        await update.ExecuteNonQueryAsync(cancellationToken);
        await CatalogueChanges.MarkAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<ServiceProviderRecord> FindAsync(DbTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand($"SELECT {Columns} FROM Providers WHERE Id = @Key OR Spid = @Key;");
        command.AddParameter("@Key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? Read(reader)
            : throw new RefusedException(RefusalCode.UnknownProvider, "No service provider has this registration id or SPID.");
    }

    private static async Task<long> NextAsync(DbTransaction transaction, string column, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand($"SELECT COALESCE(MAX({column}), 0) + 1 FROM Providers;");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task InsertAsync(DbTransaction transaction, ServiceProviderRecord record, long? registrationNumber, CancellationToken cancellationToken)
    {
        await using var insert = transaction.CreateCommand(
            "INSERT INTO Providers (Id, RegistrationNumber, Spid, Status, Name, Type, BusinessRegistrationNumber, OperatingLicenceNumber, " +
            "ApplicationTypes, CooperationType, Address, Postcode, Telephone, Fax, ContactName, ContactMobile, ContactEmail, Account, " +
            "RegisteredBy, RegisteredAt, DecidedBy, Reason, UpdatedAt) VALUES (@Id, @Number, @Spid, @Status, @Name, @Type, @Brn, @Oln, " +
            "@AppTypes, @Coop, @Address, @Postcode, @Telephone, @Fax, @ContactName, @ContactMobile, @ContactEmail, @Account, " +
            "@RegisteredBy, @RegisteredAt, @DecidedBy, @Reason, @UpdatedAt);");
        insert.AddParameter("@Id", record.Id);
        insert.AddParameter("@Number", registrationNumber);
        insert.AddParameter("@Spid", record.Spid);
        insert.AddParameter("@Status", record.Status.Name());
        AddAttributes(insert, record);
        insert.AddParameter("@Account", record.Account);
        insert.AddParameter("@RegisteredBy", record.RegisteredBy);
        insert.AddParameter("@RegisteredAt", record.RegisteredAt.UtcTicks);
        insert.AddParameter("@DecidedBy", record.DecidedBy);
        insert.AddParameter("@Reason", record.Reason);
        insert.AddParameter("@UpdatedAt", record.UpdatedAt.UtcTicks);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddAttributes(DbCommand command, ServiceProviderRecord record)
    {
        var (b, e) = (record.Basics, record.Extended);
        command.AddParameter("@Name", b.Name);
        command.AddParameter("@Type", b.Type);
        command.AddParameter("@Brn", b.BusinessRegistrationNumber);
        command.AddParameter("@Oln", b.OperatingLicenceNumber);
        // Application types hold no control characters (ProviderAttributes), so a line feed separates them.
        command.AddParameter("@AppTypes", string.Join('\n', b.ApplicationTypes));
        command.AddParameter("@Coop", b.CooperationType);
        command.AddParameter("@Address", e.Address);
        command.AddParameter("@Postcode", e.Postcode);
        command.AddParameter("@Telephone", e.Telephone);
        command.AddParameter("@Fax", e.Fax);
        command.AddParameter("@ContactName", e.ContactName);
        command.AddParameter("@ContactMobile", e.ContactMobile);
        command.AddParameter("@ContactEmail", e.ContactEmail);
    }

    private static ServiceProviderRecord Read(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        ProviderStatusNames.TryParse(reader.GetString(2), out var status);
        var types = reader.GetString(7);
        return new ServiceProviderRecord
        {
            Id = reader.GetString(0),
            Spid = Text(1),
            Status = status,
            Basics = new ProviderBasics(reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                types.Length == 0 ? [] : types.Split('\n'), reader.GetString(8)),
            Extended = new ProviderExtended(Text(9), Text(10), Text(11), Text(12), Text(13), Text(14), Text(15)),
            Account = Text(16),
            RegisteredBy = reader.GetString(17),
            RegisteredAt = new DateTimeOffset(reader.GetInt64(18), TimeSpan.Zero),
            DecidedBy = Text(19),
            Reason = Text(20),
            UpdatedAt = new DateTimeOffset(reader.GetInt64(21), TimeSpan.Zero),
        };
    }
}
