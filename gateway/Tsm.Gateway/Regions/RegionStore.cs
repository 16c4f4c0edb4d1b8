using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Regions;

/// <summary>
/// The regions and number segments (Sqlite/08-Regions.sql, PostgreSql/09-Regions.sql; docs/security.md, "Regions").
/// Reads for the admin API go to the database; <see cref="HomeRegionOfAsync"/> answers from an in-memory
/// <see cref="RegionSnapshot"/>, loaded at first use, reloaded after each change made here and periodically
/// (<see cref="RegionRefresher"/>) for changes made on other silos.
/// </summary>
public sealed class RegionStore(IPlatformDatabase database, ILogger<RegionStore>? logger = null)
{
    /// <summary>The advisory lock key of region and segment writes on PostgreSQL ("TSM" "REGN").</summary>
    public const long WriteLockKey = 0x54534D_5245474E;

    private readonly ILogger _logger = logger ?? NullLogger<RegionStore>.Instance;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile RegionSnapshot? _snapshot;

    /// <summary>The cached tables, read from the database at first use.</summary>
    public async ValueTask<RegionSnapshot> SnapshotAsync(CancellationToken cancellationToken = default) =>
        _snapshot ?? await RefreshAsync(cancellationToken);

    /// <summary>The home region of <paramref name="msisdn"/>: the region of the longest number segment it starts with; null when none does.</summary>
    public async ValueTask<RegionCode?> HomeRegionOfAsync(string msisdn, CancellationToken cancellationToken = default) =>
        (await SnapshotAsync(cancellationToken)).HomeRegionOf(msisdn);

    /// <summary>Reads both tables again and replaces the cached snapshot.</summary>
    public async Task<RegionSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var regions = await ListAsync(cancellationToken: cancellationToken);
            var segments = await ListSegmentsAsync(cancellationToken);
            var snapshot = new RegionSnapshot(regions, segments);
            _snapshot = snapshot;
            RegionsLog.Refreshed(_logger, regions.Count, segments.Count);
            return snapshot;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Every region, or the regions directly below <paramref name="parent"/>, by code.</summary>
    public async Task<IReadOnlyList<Region>> ListAsync(RegionCode? parent = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = parent is null
            ? "SELECT Code, Name FROM Regions ORDER BY Code;"
            : "SELECT Code, Name FROM Regions WHERE ParentCode = @Parent ORDER BY Code;";
        if (parent is not null)
            command.AddParameter("@Parent", parent.Value);
        var regions = new List<Region>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (RegionCode.TryParse(reader.GetString(0), out var code, out _))
                regions.Add(new Region(code, reader.GetString(1)));
            else
                RegionsLog.BadRow(_logger, "Regions", reader.GetString(0));
        }

        return regions;
    }

    public async Task<Region?> GetAsync(RegionCode code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name FROM Regions WHERE Code = @Code;";
        command.AddParameter("@Code", code.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is string name ? new Region(code, name) : null;
    }

    /// <summary>Adds a region under its parent, which must exist (a province has none).</summary>
    public Task<RegionChange> AddAsync(Region region, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(region);
        return WriteAsync(async transaction =>
        {
            if (await ExistsAsync(transaction, "Regions", "Code", region.Code.Value, cancellationToken))
                return RegionChange.AlreadyExists;
            if (region.ParentCode is { } parent && !await ExistsAsync(transaction, "Regions", "Code", parent.Value, cancellationToken))
                return RegionChange.ParentMissing;
            await using var insert = transaction.CreateCommand("INSERT INTO Regions (Code, Name, ParentCode, Level) VALUES (@Code, @Name, @Parent, @Level);");
            insert.AddParameter("@Code", region.Code.Value);
            insert.AddParameter("@Name", region.Name.Trim());
            insert.AddParameter("@Parent", region.ParentCode?.Value);
            insert.AddParameter("@Level", LevelName(region.Level));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return RegionChange.Done;
        }, cancellationToken);
    }

    /// <summary>Gives a region a new name (its code, so its place in the tree, never changes).</summary>
    public Task<RegionChange> RenameAsync(RegionCode code, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(name);
        return WriteAsync(async transaction =>
        {
            await using var update = transaction.CreateCommand("UPDATE Regions SET Name = @Name WHERE Code = @Code;");
            update.AddParameter("@Code", code.Value);
            update.AddParameter("@Name", name.Trim());
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1 ? RegionChange.Done : RegionChange.NotFound;
        }, cancellationToken);
    }

    /// <summary>Deletes a region that has no regions below it and no number segments.</summary>
    public Task<RegionChange> DeleteAsync(RegionCode code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        return WriteAsync(async transaction =>
        {
            if (!await ExistsAsync(transaction, "Regions", "Code", code.Value, cancellationToken))
                return RegionChange.NotFound;
            if (await ExistsAsync(transaction, "Regions", "ParentCode", code.Value, cancellationToken))
                return RegionChange.HasChildren;
            if (await ExistsAsync(transaction, "NumberSegments", "RegionCode", code.Value, cancellationToken))
                return RegionChange.HasSegments;
            await using var delete = transaction.CreateCommand("DELETE FROM Regions WHERE Code = @Code;");
            delete.AddParameter("@Code", code.Value);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            return RegionChange.Done;
        }, cancellationToken);
    }

    /// <summary>Every number segment, by prefix.</summary>
    public async Task<IReadOnlyList<NumberSegment>> ListSegmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Prefix, RegionCode FROM NumberSegments ORDER BY Prefix;";
        var segments = new List<NumberSegment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (RegionCode.TryParse(reader.GetString(1), out var region, out _))
                segments.Add(new NumberSegment(reader.GetString(0), region));
            else
                RegionsLog.BadRow(_logger, "NumberSegments", reader.GetString(0));
        }

        return segments;
    }

    public async Task<NumberSegment?> GetSegmentAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT RegionCode FROM NumberSegments WHERE Prefix = @Prefix;";
        command.AddParameter("@Prefix", prefix);
        return await command.ExecuteScalarAsync(cancellationToken) is string region && RegionCode.TryParse(region, out var code, out _)
            ? new NumberSegment(prefix, code)
            : null;
    }

    /// <summary>Adds a segment of an existing region.</summary>
    public Task<RegionChange> AddSegmentAsync(NumberSegment segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return WriteAsync(async transaction =>
        {
            if (await ExistsAsync(transaction, "NumberSegments", "Prefix", segment.Prefix, cancellationToken))
                return RegionChange.AlreadyExists;
            if (!await ExistsAsync(transaction, "Regions", "Code", segment.Region.Value, cancellationToken))
                return RegionChange.RegionMissing;
            await using var insert = transaction.CreateCommand("INSERT INTO NumberSegments (Prefix, RegionCode) VALUES (@Prefix, @Region);");
            insert.AddParameter("@Prefix", segment.Prefix);
            insert.AddParameter("@Region", segment.Region.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return RegionChange.Done;
        }, cancellationToken);
    }

    /// <summary>Moves a segment to another existing region.</summary>
    public Task<RegionChange> MoveSegmentAsync(NumberSegment segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return WriteAsync(async transaction =>
        {
            if (!await ExistsAsync(transaction, "NumberSegments", "Prefix", segment.Prefix, cancellationToken))
                return RegionChange.NotFound;
            if (!await ExistsAsync(transaction, "Regions", "Code", segment.Region.Value, cancellationToken))
                return RegionChange.RegionMissing;
            await using var update = transaction.CreateCommand("UPDATE NumberSegments SET RegionCode = @Region WHERE Prefix = @Prefix;");
            update.AddParameter("@Prefix", segment.Prefix);
            update.AddParameter("@Region", segment.Region.Value);
            await update.ExecuteNonQueryAsync(cancellationToken);
            return RegionChange.Done;
        }, cancellationToken);
    }

    public Task<RegionChange> DeleteSegmentAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return WriteAsync(async transaction =>
        {
            await using var delete = transaction.CreateCommand("DELETE FROM NumberSegments WHERE Prefix = @Prefix;");
            delete.AddParameter("@Prefix", prefix);
            return await delete.ExecuteNonQueryAsync(cancellationToken) == 1 ? RegionChange.Done : RegionChange.NotFound;
        }, cancellationToken);
    }

    /// <summary>The value of the Level column.</summary>
    public static string LevelName(RegionLevel level) => level switch
    {
        RegionLevel.Province => "province",
        RegionLevel.City => "city",
        _ => "county",
    };

    /// <summary>
    /// Runs a change whose checks and write must not interleave with another's (a child added under a parent being
    /// deleted); commits and refreshes this silo's snapshot when it is done, rolls back otherwise.
    /// </summary>
    private async Task<RegionChange> WriteAsync(Func<DbTransaction, Task<RegionChange>> change, CancellationToken cancellationToken)
    {
        RegionChange result;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginSerializedAsync(database.Dialect, WriteLockKey, cancellationToken))
        {
            result = await change(transaction);
            if (result != RegionChange.Done)
                return result;
            await transaction.CommitAsync(cancellationToken);
        }

        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is committed; the periodic refresh brings the snapshot up to date.
            RegionsLog.RefreshFailed(_logger, e);
        }

        return result;
    }

    private static async Task<bool> ExistsAsync(DbTransaction transaction, string table, string column, string value, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand($"SELECT 1 FROM {table} WHERE {column} = @Value LIMIT 1;");
        command.AddParameter("@Value", value);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
