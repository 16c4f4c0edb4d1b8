using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

public sealed class OperationRecordStoreTests : OperationRecordStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresOperationRecordStoreTests : OperationRecordStoreCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;
}

/// <summary>The operation records table, the same cases on both profiles.</summary>
public abstract class OperationRecordStoreCases : PlatformDatabaseCases
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private OperationRecordStore? _created;

    private OperationRecordStore Store => _created ??= new OperationRecordStore(Database);

    public override async Task DisposeAsync()
    {
        if (_created is not null)
        {
            await _created.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private static OperationRecord Record(int minute, string msisdn, string seId, string? aid = null, string? detail = null) => new()
    {
        Id = Guid.NewGuid(),
        At = T0.AddMinutes(minute),
        Actor = "ops@example",
        Operation = "install",
        SeId = seId,
        Msisdn = msisdn,
        ApplicationAid = aid,
        Result = "success",
        Detail = detail,
    };

    private async Task Seed()
    {
        await Store.AddAsync(Record(0, "13800000001", "SE1", "A000000151000001"));
        await Store.AddAsync(Record(1, "13800000001", "SE1", detail: "no application"));
        await Store.AddAsync(Record(2, "13800000002", "SE2", "A000000151000001"));
        await Store.AddAsync(Record(3, "13800000002", "SE2", "A000000151000002"));
    }

    [SkippableFact]
    public async Task A_record_added_again_with_the_same_id_is_kept_once()
    {
        var record = Record(5, "13900000000", "SE9", "A0000001");
        await Store.AddAsync(record);
        await Store.AddAsync(record with { Result = "again" });

        var read = Assert.Single(await Store.QueryAsync(seId: "SE9"));
        Assert.Equal("success", read.Result);
    }

    [SkippableFact]
    public async Task Add_then_query_returns_the_record_as_written_in_utc()
    {
        var record = Record(5, "13900000000", "SE9", "A0000001", "d") with { At = new DateTimeOffset(2025, 6, 1, 20, 5, 0, TimeSpan.FromHours(8)) };
        await Store.AddAsync(record);

        var read = Assert.Single(await Store.QueryAsync());
        Assert.Equal(record, read);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
    }

    [SkippableFact]
    public async Task Query_is_newest_first_and_filters_combine()
    {
        await Seed();

        var all = await Store.QueryAsync();
        Assert.Equal([3, 2, 1, 0], all.Select(r => (int)(r.At - T0).TotalMinutes));

        Assert.Equal(2, (await Store.QueryAsync(msisdn: "13800000001")).Count);
        Assert.Equal(2, (await Store.QueryAsync(seId: "SE2")).Count);
        Assert.Equal(2, (await Store.QueryAsync(applicationAid: "A000000151000001")).Count);
        var one = Assert.Single(await Store.QueryAsync(seId: "SE2", applicationAid: "A000000151000001"));
        Assert.Equal(T0.AddMinutes(2), one.At);
        Assert.Empty(await Store.QueryAsync(msisdn: "13800000001", seId: "SE2"));
        Assert.Null((await Store.QueryAsync(msisdn: "13800000001"))[0].ApplicationAid);
    }

    [SkippableFact]
    public async Task Query_time_range_is_from_inclusive_to_exclusive_and_limited()
    {
        await Seed();

        var range = await Store.QueryAsync(from: T0.AddMinutes(1), to: T0.AddMinutes(3));
        Assert.Equal([T0.AddMinutes(2), T0.AddMinutes(1)], range.Select(r => r.At));

        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(2)], (await Store.QueryAsync(limit: 2)).Select(r => r.At));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryAsync(limit: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryAsync(limit: OperationRecordStore.MaxLimit + 1));
    }

    [SkippableFact]
    public async Task Filter_values_are_parameters_not_sql()
    {
        await Seed();
        Assert.Empty(await Store.QueryAsync(msisdn: "' OR 1=1 --"));
        Assert.Equal(4, (await Store.QueryAsync()).Count);
    }
}
