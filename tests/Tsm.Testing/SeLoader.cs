using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;
using Tsm.Gateway.Storage;
using Tsm.Grains.Domain;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;

namespace Tsm.Testing;

/// <summary>
/// Bulk-loads registered SEs into the cluster profile's database (requirement 6.2, "ten million users"): one SeGrain state
/// row in <c>OrleansStorage</c> and one <c>SeBindings</c> row per SE, written with PostgreSQL binary COPY. The rows are
/// the ones Orleans' ADO.NET provider would write: the payload comes from the provider's own
/// <see cref="IGrainStorageSerializer"/> and the hashes from its own hasher, both taken from a silo's services, so a
/// silo reads a loaded SE as if it had registered through the gateway. SE number <c>i</c> is
/// <see cref="SeIdOf"/>(i), bound to <see cref="MsisdnOf"/>(i), with the inventory <see cref="ApplicationsOf"/>(i).
/// </summary>
public sealed class SeLoader
{
    /// <summary>The applications loaded SEs hold (2 to 4 of them each); the benchmark puts them in the catalogue.</summary>
    public static readonly IReadOnlyList<(string Aid, string LoadFileAid, string Name)> Applications =
    [
        ("A000000333010101", "A0000003330101", "Demo e-purse"),
        ("A000000333010201", "A0000003330102", "Transit card"),
        ("A000000632010105", "A0000006320101", "Bank card"),
        ("D156000001010101", "D1560000010101", "Access card"),
    ];

    /// <summary>Tokens are issued up to this many days before the load's token day (all within the default 30-day validity).</summary>
    public const int TokenAgeSpreadDays = 20;

    private const string StorageColumns =
        "GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version";

    private readonly IGrainStorageSerializer _serializer;
    private readonly IStorageHasherPicker _hashPicker;
    private readonly IKeyService _keys;
    private readonly string _serviceId;
    private readonly string _storageName;
    private readonly string _stateName;
    private readonly GrainType _grainType;
    private readonly string _connectionString;

    /// <param name="silo">The services of a host built with <c>AddTsmSilo</c> on the cluster profile (the gateway).</param>
    public SeLoader(IServiceProvider silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        (_storageName, _stateName) = StateNames;
        var storage = silo.GetRequiredKeyedService<IGrainStorage>(_storageName) as AdoNetGrainStorage
            ?? throw new InvalidOperationException($"Grain storage '{_storageName}' is not Orleans' ADO.NET provider.");
        _serializer = storage.Serializer;
        _hashPicker = storage.HashPicker;
        _serviceId = silo.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        _keys = silo.GetRequiredService<IKeyService>();
        _connectionString = silo.GetRequiredService<PostgresSchema>().ConnectionString;
        _grainType = silo.GetRequiredService<IGrainFactory>().GetGrain<ISeGrain>(SeIdOf(0)).GetGrainId().Type;
    }

    /// <summary>The SEID of SE number <paramref name="index"/>: in the demo batch's range (86 followed by 18 hex digits).</summary>
    public static string SeIdOf(long index) => "86" + index.ToString("X18", CultureInfo.InvariantCulture);

    public static string MsisdnOf(long index) => (13800000000L + index).ToString(CultureInfo.InvariantCulture);

    public static string ImsiOf(long index) => (460001000000000L + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>The day SE number <paramref name="index"/> got its token, for a load whose token day is <paramref name="tokenDay"/>.</summary>
    public static DateOnly TokenIssuedOf(long index, DateOnly tokenDay) => tokenDay.AddDays(-(int)(index % TokenAgeSpreadDays));

    /// <summary>2 to 4 applications, mostly Useable, one in ten SEs with its first one Locked.</summary>
    public static Dictionary<string, ApplicationState> ApplicationsOf(long index)
    {
        var h = Mix(index);
        var count = 2 + (int)(h % 3);
        var first = (int)((h >> 8) % (ulong)Applications.Count);
        var locked = (h >> 16) % 10 == 0;
        var states = new Dictionary<string, ApplicationState>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
            states[Applications[(first + i) % Applications.Count].Aid] = locked && i == 0 ? ApplicationState.Locked : ApplicationState.Useable;
        return states;
    }

    /// <summary>The SE grain's storage and state names, from its constructor, so that the loader follows a rename.</summary>
    public static (string Storage, string State) StateNames { get; } = SeGrainStateNames();

    private static (string Storage, string State) SeGrainStateNames()
    {
        var attribute = typeof(SeGrain).GetConstructors().Single().GetParameters()
            .Select(p => p.GetCustomAttributes(typeof(PersistentStateAttribute), false).OfType<PersistentStateAttribute>().SingleOrDefault())
            .Single(a => a is not null)!;
        return (attribute.StorageName ?? throw new InvalidOperationException("SeGrain's state names no storage."), attribute.StateName);
    }

    /// <summary>
    /// Adds <paramref name="count"/> SEs after the ones already loaded (the <c>ScaleLoad</c> table keeps the count), in
    /// batches of <paramref name="batchSize"/>, each batch one transaction. Returns the total loaded.
    /// </summary>
    public async Task<long> LoadAsync(long count, int batchSize = 20_000, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var (first, tokenDay) = await EnsureLoadRecordAsync(cancellationToken);
        var end = first + count;
        var batches = Channel.CreateBounded<Batch>(2);
        // Two stages: rows are built (serializer, key service) while the previous batch is copied.
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var start = first; start < end; start += batchSize)
                    await batches.Writer.WriteAsync(Build(start, (int)Math.Min(batchSize, end - start), tokenDay), cancellationToken);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        }, cancellationToken);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
        {
            await CopyAsync(connection, batch, cancellationToken);
            progress?.Report(batch.Start + batch.SeIds.Length);
        }
        await producer;
        return end;
    }

    /// <summary>The SEs loaded so far and the token day of the load (set at the first load).</summary>
    public static async Task<(long Count, DateOnly TokenDay)?> ReadLoadRecordAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT to_regclass('scaleload') IS NOT NULL;", connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true)
            return null;
        command.CommandText = "SELECT SeCount, TokenDay FROM ScaleLoad WHERE Id = 1;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1)) : null;
    }

    private async Task<(long First, DateOnly TokenDay)> EnsureLoadRecordAsync(CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            // Not part of the gateway's schema: only databases filled by this loader have it.
            await using var command = new NpgsqlCommand("""
                CREATE TABLE IF NOT EXISTS ScaleLoad (Id INTEGER PRIMARY KEY CHECK (Id = 1), SeCount BIGINT NOT NULL, TokenDay DATE NOT NULL);
                INSERT INTO ScaleLoad (Id, SeCount, TokenDay) VALUES (1, 0, @Today) ON CONFLICT (Id) DO NOTHING;
                """, connection);
            command.Parameters.AddWithValue("Today", DateOnly.FromDateTime(DateTime.UtcNow));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return (await ReadLoadRecordAsync(_connectionString, cancellationToken))!.Value;
    }

    private sealed record Batch(long Start, string[] SeIds, int[] IdHashes, byte[][] Payloads, int TypeHash);

    private Batch Build(long start, int size, DateOnly tokenDay)
    {
        var seIds = new string[size];
        var hashes = new int[size];
        var payloads = new byte[size][];
        var typeHash = 0;
        for (var i = 0; i < size; i++)
        {
            var index = start + i;
            var seId = SeIdOf(index);
            var state = new GrainState<SeGrainState>(StateOf(index, seId, tokenDay));
            var grainId = GrainId.Create(_grainType, seId);
            var hasher = _hashPicker.PickHasher(_serviceId, _storageName, _stateName, grainId, state)
                ?? throw new InvalidOperationException("The grain storage has no hasher.");
            seIds[i] = seId;
            hashes[i] = hasher.Hash(GrainIdHashBytes(seId));
            typeHash = hasher.Hash(Encoding.UTF8.GetBytes(_stateName));
            payloads[i] = _serializer.Serialize(state.State).ToArray();
        }
        return new Batch(start, seIds, hashes, payloads, typeHash);
    }

    /// <summary>
    /// The bytes the ADO.NET provider hashes for a string-keyed grain (its internal <c>AdoGrainKey.GetHashBytes</c>):
    /// the key in UTF-8, reversed on little-endian machines.
    /// </summary>
    private static byte[] GrainIdHashBytes(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        if (BitConverter.IsLittleEndian)
            Array.Reverse(bytes);
        return bytes;
    }

    private SeGrainState StateOf(long index, string seId, DateOnly tokenDay)
    {
        var issued = TokenIssuedOf(index, tokenDay);
        var token = _keys.DeriveToken(seId, issued);
        string protectedToken;
        try
        {
            protectedToken = _keys.Protect(token);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(token);
        }
        var applications = ApplicationsOf(index);
        return new SeGrainState
        {
            Msisdn = MsisdnOf(index),
            Registered = true,
            ProtectedToken = protectedToken,
            TokenIssued = issued,
            // Installed from their load files, which stay on the card.
            Applications = applications.ToDictionary(
                a => a.Key, a => new ApplicationOnSe { State = a.Value, LoadFilePresent = true }, StringComparer.OrdinalIgnoreCase),
            Facts = FactsOf(index, applications),
        };
    }

    /// <summary>What the last sync read from the card: memory, CPLC, ISD keys and sequence counter, its content.</summary>
    private static CardFacts FactsOf(long index, Dictionary<string, ApplicationState> applications)
    {
        Span<byte> serial = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(serial, index);
        var h = Mix(index);
        var onCard = Applications.Where(a => applications.ContainsKey(a.Aid)).ToList();
        return new CardFacts
        {
            FreeNonVolatile = 512 * 1024 - 24 * 1024 * onCard.Count - (long)(h % 4096),
            FreeVolatile = 8 * 1024 - 512 * onCard.Count,
            // 42 bytes (GlobalPlatform CPLC): fixed chip and OS identifiers, the card's serial in the last 8 bytes.
            Cplc = "4790" + "5044" + "4790" + "5044" + "0101" + "4171" + "2345" + "6789" + "0000" + "0000" + "0000" + "0000"
                + "0000" + "0000" + "0000" + "0000" + "0000" + Convert.ToHexString(serial),
            KeyVersion = 0x01,
            SequenceCounter = (ushort)(h % 500),
            KeyVersions = [0x01],
            LoadFiles = onCard.ToDictionary(a => a.LoadFileAid, a => (IReadOnlyList<string>)[a.Aid], StringComparer.OrdinalIgnoreCase),
            Instances = onCard.ToDictionary(a => a.Aid, a => applications[a.Aid] == ApplicationState.Locked ? (byte)0x83 : (byte)0x07, StringComparer.OrdinalIgnoreCase),
        };
    }

    private async Task CopyAsync(NpgsqlConnection connection, Batch batch, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY OrleansStorage ({StorageColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < batch.SeIds.Length; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(batch.IdHashes[i], NpgsqlDbType.Integer, cancellationToken);
                // A string key: N0 and N1 are 0 and the key itself goes in the extension column.
                await importer.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(batch.TypeHash, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(_stateName, NpgsqlDbType.Varchar, cancellationToken);
                await importer.WriteAsync(batch.SeIds[i], NpgsqlDbType.Varchar, cancellationToken);
                await importer.WriteAsync(_serviceId, NpgsqlDbType.Varchar, cancellationToken);
                await importer.WriteAsync(batch.Payloads[i], NpgsqlDbType.Bytea, cancellationToken);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await using (var importer = await connection.BeginBinaryImportAsync("COPY SeBindings (SeId, Msisdn, BoundAt) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < batch.SeIds.Length; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(batch.SeIds[i], NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(MsisdnOf(batch.Start + i), NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(now.Ticks, NpgsqlDbType.Bigint, cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await using (var command = new NpgsqlCommand("UPDATE ScaleLoad SET SeCount = @Count WHERE Id = 1;", connection, transaction))
        {
            command.Parameters.AddWithValue("Count", batch.Start + batch.SeIds.Length);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>splitmix64: a cheap, stable per-SE pseudo-random value for the inventory.</summary>
    private static ulong Mix(long index)
    {
        var z = (ulong)index + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133CB111UL;
        return z ^ (z >> 31);
    }
}
