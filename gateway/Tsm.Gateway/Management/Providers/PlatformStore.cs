using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// The business platforms (requirement 5.7.1; Sqlite/11-Providers.sql, PostgreSql/12-Providers.sql): credentials,
/// capability grants per provider, callbacks. Configured platforms (section ServiceProviders:Platforms) are the seed.
/// <see cref="SpAuthenticator"/> and the callbacks read the in-memory <see cref="PlatformSnapshot"/>, loaded at first
/// use, reloaded after each change made here and periodically (<see cref="ProvidersStartup"/>) for other silos'.
/// </summary>
public sealed class PlatformStore(IPlatformDatabase database, IDataProtectionProvider protection, TimeProvider time, ILogger<PlatformStore>? logger = null)
{
    /// <summary>The advisory lock key of platform writes on PostgreSQL ("TSM" "PLAT").</summary>
    public const long WriteLockKey = 0x54534D_504C4154;

    public const string ApiKey = "api-key";

    public const string Certificate = "certificate";

    private readonly IDataProtector _secrets = protection.CreateProtector("Tsm.ServicePlatforms.CallbackSecret");
    private readonly ILogger _logger = logger ?? NullLogger<PlatformStore>.Instance;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile PlatformSnapshot? _snapshot;

    public async ValueTask<PlatformSnapshot> SnapshotAsync(CancellationToken cancellationToken = default) =>
        _snapshot ?? await RefreshAsync(cancellationToken);

    /// <summary>The callback secret of <paramref name="platform"/> in clear, for signing; null when it has none.</summary>
    public string? CallbackSecretOf(StoredPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform.ProtectedCallbackSecret is { } stored ? _secrets.Unprotect(stored) : null;
    }

    public async Task<PlatformSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            var snapshot = new PlatformSnapshot(await ReadAllAsync(connection, null, cancellationToken));
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>The platforms that act for <paramref name="provider"/>, from the database.</summary>
    public async Task<IReadOnlyList<StoredPlatform>> ListForProviderAsync(string provider, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return [.. (await ReadAllAsync(connection, null, cancellationToken)).Where(p => p.Grants.ContainsKey(provider))];
    }

    /// <summary>Inserts each configured platform that is missing (never changes a stored one); answers how many.</summary>
    public async Task<int> SeedAsync(IReadOnlyDictionary<string, SpPlatformOptions> configured, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var added = 0;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginSerializedAsync(database.Dialect, WriteLockKey, cancellationToken))
        {
            foreach (var (id, platform) in configured)
            {
                if (await ExistsAsync(transaction, id, cancellationToken))
                    continue;
                await InsertPlatformAsync(transaction, id, platform.CallbackUrl, platform.CallbackSecret, cancellationToken);
                foreach (var (provider, capabilities) in platform.Providers)
                    await SetGrantAsync(transaction, id, provider, capabilities, cancellationToken);
                foreach (var hash in platform.ApiKeySha256)
                    await AddCredentialAsync(transaction, id, ApiKey, hash, cancellationToken);
                foreach (var thumbprint in platform.CertificateThumbprints)
                    await AddCredentialAsync(transaction, id, Certificate, thumbprint, cancellationToken);
                added++;
            }
            await transaction.CommitAsync(cancellationToken);
        }
        await RefreshAsync(cancellationToken);
        return added;
    }

    /// <summary>
    /// Grants <paramref name="provider"/>'s capabilities to the platform, making the platform when it is new; a callback
    /// or certificates given replace the platform's. Answers whether the platform was made.
    /// </summary>
    public async Task<bool> PutGrantAsync(string platformId, string provider, IReadOnlyList<string> capabilities, PlatformSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        bool created;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginSerializedAsync(database.Dialect, WriteLockKey, cancellationToken))
        {
            created = !await ExistsAsync(transaction, platformId, cancellationToken);
            if (created)
                await InsertPlatformAsync(transaction, platformId, settings.CallbackUrl, settings.CallbackSecret, cancellationToken);
            else if (settings.CallbackUrl is not null)
            {
                await using var update = transaction.CreateCommand("UPDATE ServicePlatforms SET CallbackUrl = @Url, CallbackSecret = @Secret WHERE Id = @Id;");
                update.AddParameter("@Url", settings.CallbackUrl.Length == 0 ? null : settings.CallbackUrl);
                update.AddParameter("@Secret", settings.CallbackUrl.Length == 0 || settings.CallbackSecret is null ? null : _secrets.Protect(settings.CallbackSecret));
                update.AddParameter("@Id", platformId);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
            await SetGrantAsync(transaction, platformId, provider, capabilities, cancellationToken);
            if (settings.CertificateThumbprints is { } thumbprints)
            {
                await using (var clear = transaction.CreateCommand("DELETE FROM ServicePlatformCredentials WHERE PlatformId = @Id AND Kind = 'certificate';"))
                {
                    clear.AddParameter("@Id", platformId);
                    await clear.ExecuteNonQueryAsync(cancellationToken);
                }
                foreach (var thumbprint in thumbprints)
                {
                    if (!await AddCredentialAsync(transaction, platformId, Certificate, thumbprint, cancellationToken))
                        throw new RefusedException(RefusalCode.ProviderStateConflict, "certificateThumbprints: a certificate is another platform's already.");
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        await RefreshQuietlyAsync(cancellationToken);
        return created;
    }

    /// <summary>Removes the provider's grant; a platform left acting for nobody is deleted with its credentials. False when there was no grant.</summary>
    public async Task<bool> RemoveGrantAsync(string platformId, string provider, CancellationToken cancellationToken = default)
    {
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginSerializedAsync(database.Dialect, WriteLockKey, cancellationToken))
        {
            await using (var delete = transaction.CreateCommand("DELETE FROM ServicePlatformGrants WHERE PlatformId = @Id AND ProviderId = @Provider;"))
            {
                delete.AddParameter("@Id", platformId);
                delete.AddParameter("@Provider", provider);
                if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
                    return false;
            }
            await using (var orphan = transaction.CreateCommand(
                "DELETE FROM ServicePlatformCredentials WHERE PlatformId = @Id AND NOT EXISTS (SELECT 1 FROM ServicePlatformGrants WHERE PlatformId = @Id);"))
            {
                orphan.AddParameter("@Id", platformId);
                await orphan.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var platform = transaction.CreateCommand(
                "DELETE FROM ServicePlatforms WHERE Id = @Id AND NOT EXISTS (SELECT 1 FROM ServicePlatformGrants WHERE PlatformId = @Id);"))
            {
                platform.AddParameter("@Id", platformId);
                await platform.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        await RefreshQuietlyAsync(cancellationToken);
        return true;
    }

    /// <summary>Stores the SHA-256 of a new API key of the platform (the key itself is never stored).</summary>
    public async Task AddApiKeyAsync(string platformId, string sha256, CancellationToken cancellationToken = default)
    {
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginSerializedAsync(database.Dialect, WriteLockKey, cancellationToken))
        {
            if (!await ExistsAsync(transaction, platformId, cancellationToken))
                throw new RefusedException(RefusalCode.UnknownPlatform, "No business platform has this id.");
            await AddCredentialAsync(transaction, platformId, ApiKey, sha256, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await RefreshQuietlyAsync(cancellationToken);
    }

    /// <summary>Revokes one API key of the platform by its SHA-256; false when the platform has no such key.</summary>
    public async Task<bool> RevokeApiKeyAsync(string platformId, string sha256, CancellationToken cancellationToken = default)
    {
        int removed;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM ServicePlatformCredentials WHERE PlatformId = @Id AND Kind = 'api-key' AND Sha256 = @Hash;";
            delete.AddParameter("@Id", platformId);
            delete.AddParameter("@Hash", sha256.ToUpperInvariant());
            removed = await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await RefreshQuietlyAsync(cancellationToken);
        return removed > 0;
    }

    private async Task RefreshQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ProvidersLog.RefreshFailed(_logger, e);
        }
    }

    private async Task InsertPlatformAsync(DbTransaction transaction, string id, string? callbackUrl, string? callbackSecret, CancellationToken cancellationToken)
    {
        await using var insert = transaction.CreateCommand("INSERT INTO ServicePlatforms (Id, CallbackUrl, CallbackSecret, CreatedAt) VALUES (@Id, @Url, @Secret, @Now);");
        insert.AddParameter("@Id", id);
        insert.AddParameter("@Url", string.IsNullOrEmpty(callbackUrl) ? null : callbackUrl);
        insert.AddParameter("@Secret", string.IsNullOrEmpty(callbackUrl) || callbackSecret is null ? null : _secrets.Protect(callbackSecret));
        insert.AddParameter("@Now", time.GetUtcNow().UtcTicks);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task SetGrantAsync(DbTransaction transaction, string platformId, string provider, IEnumerable<string> capabilities, CancellationToken cancellationToken)
    {
        await using (var delete = transaction.CreateCommand("DELETE FROM ServicePlatformGrants WHERE PlatformId = @Id AND ProviderId = @Provider;"))
        {
            delete.AddParameter("@Id", platformId);
            delete.AddParameter("@Provider", provider);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var insert = transaction.CreateCommand("INSERT INTO ServicePlatformGrants (PlatformId, ProviderId, Capabilities) VALUES (@Id, @Provider, @Capabilities);");
        insert.AddParameter("@Id", platformId);
        insert.AddParameter("@Provider", provider);
        insert.AddParameter("@Capabilities", string.Join(' ', capabilities.Distinct(StringComparer.Ordinal)));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds a credential unless that kind and hash is stored already (then false).</summary>
    private async Task<bool> AddCredentialAsync(DbTransaction transaction, string platformId, string kind, string sha256, CancellationToken cancellationToken)
    {
        var hash = sha256.ToUpperInvariant();
        await using (var exists = transaction.CreateCommand("SELECT 1 FROM ServicePlatformCredentials WHERE Kind = @Kind AND Sha256 = @Hash;"))
        {
            exists.AddParameter("@Kind", kind);
            exists.AddParameter("@Hash", hash);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
                return false;
        }
        await using var insert = transaction.CreateCommand("INSERT INTO ServicePlatformCredentials (Kind, Sha256, PlatformId, CreatedAt) VALUES (@Kind, @Hash, @Id, @Now);");
        insert.AddParameter("@Kind", kind);
        insert.AddParameter("@Hash", hash);
        insert.AddParameter("@Id", platformId);
        insert.AddParameter("@Now", time.GetUtcNow().UtcTicks);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    private static async Task<bool> ExistsAsync(DbTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand("SELECT 1 FROM ServicePlatforms WHERE Id = @Id;");
        command.AddParameter("@Id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task<IReadOnlyList<StoredPlatform>> ReadAllAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var grants = new Dictionary<string, Dictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
        var keys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var thumbprints = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT PlatformId, ProviderId, Capabilities FROM ServicePlatformGrants ORDER BY PlatformId, ProviderId;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!grants.TryGetValue(reader.GetString(0), out var map))
                    grants[reader.GetString(0)] = map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                map[reader.GetString(1)] = reader.GetString(2).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT PlatformId, Kind, Sha256 FROM ServicePlatformCredentials ORDER BY CreatedAt, Sha256;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var target = reader.GetString(1) == ApiKey ? keys : thumbprints;
                if (!target.TryGetValue(reader.GetString(0), out var list))
                    target[reader.GetString(0)] = list = [];
                list.Add(reader.GetString(2));
            }
        }
        var platforms = new List<StoredPlatform>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT Id, CallbackUrl, CallbackSecret FROM ServicePlatforms ORDER BY Id;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                platforms.Add(new StoredPlatform
                {
                    Id = id,
                    Grants = grants.GetValueOrDefault(id) ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal),
                    ApiKeySha256 = keys.GetValueOrDefault(id) ?? [],
                    CertificateThumbprints = thumbprints.GetValueOrDefault(id) ?? [],
                    CallbackUrl = reader.IsDBNull(1) ? null : reader.GetString(1),
                    ProtectedCallbackSecret = reader.IsDBNull(2) ? null : reader.GetString(2),
                });
            }
        }
        return platforms;
    }
}
