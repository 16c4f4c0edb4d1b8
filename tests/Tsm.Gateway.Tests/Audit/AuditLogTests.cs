using System.Data.Common;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Audit;

public sealed class SqliteAuditLogTests : AuditLogCases
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;
}

public sealed class PostgresAuditLogTests : AuditLogCases
{
    protected override SqlDialect Dialect => SqlDialect.PostgreSql;

    [SkippableFact]
    public async Task Truncate_is_refused_while_the_triggers_exist()
    {
        var log = Log();
        await AppendAsync(log, 2);
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("TRUNCATE audit_log;"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("TRUNCATE audit_head;"));
        Assert.True((await log.VerifyAsync()).Ok);
    }
}

/// <summary>
/// The audit log on both profiles (requirement 7.4; docs/security.md, "Audit log"): the chain as appended, queries,
/// the database refusing changes, and tampering as an attacker with database access would do it — triggers dropped
/// first, then rows updated, deleted or swapped through raw SQL — each found by VerifyAsync.
/// </summary>
public abstract class AuditLogCases : PlatformDatabaseCases
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);

    protected SqlAuditLog Log() => new(Database, _time);

    private static AuditEntry Entry(int i, string? region = null) => new()
    {
        Actor = "admin" + (i % 3),
        Roles = "system-administrator",
        Region = region,
        Action = i % 2 == 0 ? "accounts.create" : "login",
        Target = "user" + i,
        Outcome = AuditOutcome.Ok,
        After = "enabled",
        RemoteAddress = "192.0.2.1",
    };

    protected async Task AppendAsync(IAuditLog log, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(Entry(i));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What an attacker with database access does first.</summary>
    private Task DropTriggersAsync() => ExecuteAsync(Dialect == SqlDialect.Sqlite
        ? "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_head_forward; DROP TRIGGER audit_head_no_delete;"
        : "DROP TRIGGER audit_log_no_change ON audit_log; DROP TRIGGER audit_head_forward ON audit_head;");

    [SkippableFact]
    public async Task An_empty_log_is_intact_with_the_genesis_head()
    {
        var verification = await Log().VerifyAsync();
        Assert.Equal(AuditVerification.Intact(0, 0, AuditChain.GenesisHex), verification);
    }

    [SkippableFact]
    public async Task Appends_are_chained_stamped_by_the_domain_clock_and_cleaned()
    {
        var log = Log();
        var first = await log.AppendAsync(new AuditEntry
        {
            Actor = "alice",
            Roles = "system-administrator,tester",
            Region = "4401",
            Action = "accounts.create",
            Target = "bob\r\nseq 99 forged",
            Outcome = AuditOutcome.With(AuditOutcome.Ok, 201),
            Before = null,
            After = new string('x', 2000),
            RemoteAddress = "192.0.2.7",
        });
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await log.AppendAsync(new AuditEntry { Actor = "", Action = "login-failed", Outcome = AuditOutcome.Refused });

        Assert.Equal((1L, T0, AuditChain.GenesisHex), (first.Seq, first.At, first.PrevHash));
        Assert.Equal("bob  seq 99 forged", first.Target);
        Assert.Equal(AuditText.MaxLength, first.After!.Length);
        Assert.Equal(AuditChain.Compute(first), first.Hash);
        Assert.Equal((2L, T0.AddMinutes(1), first.Hash, AuditActor.Anonymous, ""), (second.Seq, second.At, second.PrevHash, second.Actor, second.Roles));

        var stored = await log.QueryAsync(new AuditQuery());
        Assert.Equal([second, first], stored);
        Assert.Equal(AuditVerification.Intact(2, 2, second.Hash), await log.VerifyAsync());
    }

    [SkippableFact]
    public async Task A_bad_entry_is_refused_before_it_reaches_the_database()
    {
        var log = Log();
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(new AuditEntry { Actor = "a", Action = " ", Outcome = AuditOutcome.Ok }));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(new AuditEntry { Actor = "a", Action = "login", Outcome = "maybe" }));
        Assert.Equal(0, (await log.VerifyAsync()).RowsChecked);
    }

    [SkippableFact]
    public async Task Queries_filter_newest_first_and_page_by_seq()
    {
        var log = Log();
        string?[] regions = ["4401", "440105", "44", null, "4402", "4401"];
        for (var i = 0; i < regions.Length; i++)
        {
            await log.AppendAsync(Entry(i, regions[i]) with { Outcome = i == 3 ? AuditOutcome.OfStatus(403) : AuditOutcome.Ok });
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        async Task<long[]> Seqs(AuditQuery query) => [.. (await log.QueryAsync(query)).Select(r => r.Seq)];

        Assert.Equal(new[] { 6L, 5, 4, 3, 2, 1 }, await Seqs(new AuditQuery()));
        Assert.Equal(new[] { 6L, 2, 1 }, await Seqs(new AuditQuery { RegionPrefix = "4401" }));
        Assert.Equal(new[] { 6L, 5, 3, 2, 1 }, await Seqs(new AuditQuery { RegionPrefix = "44" }));
        Assert.Equal(new[] { 3L, 2 }, await Seqs(new AuditQuery { From = T0.AddMinutes(1), To = T0.AddMinutes(3) }));
        Assert.Equal(new[] { 5L, 2 }, await Seqs(new AuditQuery { Actor = "admin1" }));
        Assert.Equal(new[] { 5L, 3, 1 }, await Seqs(new AuditQuery { ActionPrefix = "accounts." }));
        Assert.Equal(new[] { 5L, 3, 1 }, await Seqs(new AuditQuery { ActionPrefix = "acc" }));
        Assert.Empty(await Seqs(new AuditQuery { ActionPrefix = "accounts.%" }));
        Assert.Equal(new[] { 4L }, await Seqs(new AuditQuery { Target = "user3" }));
        Assert.Equal(new[] { 4L }, await Seqs(new AuditQuery { Outcome = AuditOutcome.Refused }));
        Assert.Equal(new[] { 4L }, await Seqs(new AuditQuery { Outcome = "refused:403" }));
        Assert.Empty(await Seqs(new AuditQuery { Outcome = "refused:401" }));
        Assert.Equal(new[] { 6L, 5, 3, 2, 1 }, await Seqs(new AuditQuery { Outcome = AuditOutcome.Ok }));
        Assert.Equal(new[] { 6L, 5 }, await Seqs(new AuditQuery { Limit = 2 }));
        Assert.Equal(new[] { 4L, 3 }, await Seqs(new AuditQuery { Before = 5, Limit = 2 }));
        Assert.Equal(new[] { 1L }, await Seqs(new AuditQuery { Before = 2, Limit = 2 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.QueryAsync(new AuditQuery { Limit = AuditQuery.MaxLimit + 1 }));
    }

    [SkippableFact]
    public async Task Updates_and_deletes_are_refused_while_the_triggers_exist()
    {
        var log = Log();
        await AppendAsync(log, 3);
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("DELETE FROM audit_log WHERE seq = 3;"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("DELETE FROM audit_head;"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("UPDATE audit_head SET seq = 2 WHERE id = 1;"));
        Assert.Equal(AuditVerification.Intact(3, 3, (await log.QueryAsync(new AuditQuery { Limit = 1 }))[0].Hash), await log.VerifyAsync());
    }

    [SkippableFact]
    public async Task An_altered_row_is_found()
    {
        var log = Log();
        await AppendAsync(log, 5);
        await DropTriggersAsync();
        await ExecuteAsync("UPDATE audit_log SET outcome = 'ok' , actor = 'someone-else' WHERE seq = 3;");

        var verification = await log.VerifyAsync();
        Assert.Equal((false, 3L, AuditFault.Altered, 3L), (verification.Ok, verification.BadSeq, verification.Fault, verification.RowsChecked));
    }

    [SkippableFact]
    public async Task An_altered_time_is_found()
    {
        var log = Log();
        await AppendAsync(log, 3);
        await DropTriggersAsync();
        await ExecuteAsync("UPDATE audit_log SET at = at + 1 WHERE seq = 2;");
        Assert.Equal((2L, AuditFault.Altered), Bad(await log.VerifyAsync()));
    }

    [SkippableFact]
    public async Task A_row_altered_with_its_hash_recomputed_breaks_the_link_of_the_next()
    {
        var log = Log();
        await AppendAsync(log, 4);
        var row = (await log.QueryAsync(new AuditQuery { Before = 3, Limit = 1 }))[0];
        var forged = row with { Actor = "someone-else" };
        forged = forged with { Hash = AuditChain.Compute(forged) };
        await DropTriggersAsync();
        await ExecuteAsync($"UPDATE audit_log SET actor = 'someone-else', hash = {Blob(forged.Hash)} WHERE seq = 2;");
        Assert.Equal((3L, AuditFault.Relinked), Bad(await log.VerifyAsync()));
    }

    [SkippableFact]
    public async Task A_removed_row_is_found()
    {
        var log = Log();
        await AppendAsync(log, 5);
        await DropTriggersAsync();
        await ExecuteAsync("DELETE FROM audit_log WHERE seq = 2;");

        var verification = await log.VerifyAsync();
        Assert.Equal((3L, AuditFault.Removed), Bad(verification));
        Assert.Contains("row 2 removed", verification.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Removed_rows_renumbered_are_found()
    {
        var log = Log();
        await AppendAsync(log, 5);
        await DropTriggersAsync();
        await ExecuteAsync("DELETE FROM audit_log WHERE seq = 2; UPDATE audit_log SET seq = seq - 1 WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq = 4; UPDATE audit_log SET seq = seq - 1 WHERE seq = 5;");
        Assert.Equal((2L, AuditFault.Relinked), Bad(await log.VerifyAsync()));
    }

    [SkippableFact]
    public async Task The_last_row_removed_is_found_through_the_head_record()
    {
        var log = Log();
        await AppendAsync(log, 5);
        await DropTriggersAsync();
        await ExecuteAsync("DELETE FROM audit_log WHERE seq = 5;");
        Assert.Equal((5L, AuditFault.TailRemoved), Bad(await log.VerifyAsync()));

        // Appends go on from the head record, so the gap stays visible.
        await log.AppendAsync(Entry(6));
        Assert.Equal((6L, AuditFault.Removed), Bad(await log.VerifyAsync()));
    }

    [SkippableFact]
    public async Task The_last_rows_removed_with_the_head_moved_back_are_found_as_a_head_mismatch()
    {
        var log = Log();
        await AppendAsync(log, 5);
        var third = (await log.QueryAsync(new AuditQuery { Before = 4, Limit = 1 }))[0];
        await DropTriggersAsync();
        // The head moved back to row 3, but with a wrong hash: only a full rewrite of the head goes unseen (docs/security.md).
        await ExecuteAsync($"DELETE FROM audit_log WHERE seq > 3; UPDATE audit_head SET seq = 3, hash = {Blob(third.PrevHash)} WHERE id = 1;");
        Assert.Equal((3L, AuditFault.HeadMismatch), Bad(await log.VerifyAsync()));
    }

    [SkippableFact]
    public async Task Reordered_rows_are_found()
    {
        var log = Log();
        await AppendAsync(log, 5);
        await DropTriggersAsync();
        await ExecuteAsync("UPDATE audit_log SET seq = -3 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = -3;");

        var verification = await log.VerifyAsync();
        Assert.Equal((3L, AuditFault.Relinked), Bad(verification));
        Assert.Contains("reordered", verification.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_row_inserted_behind_the_log_is_found_and_a_removed_head_stops_appends()
    {
        var log = Log();
        await AppendAsync(log, 2);
        var last = (await log.QueryAsync(new AuditQuery { Limit = 1 }))[0];
        var forged = last with { Seq = 3, PrevHash = last.Hash, Actor = "mallory" };
        forged = forged with { Hash = AuditChain.Compute(forged) };
        await ExecuteAsync($"""
            INSERT INTO audit_log (seq, at, actor, roles, region, action, target, outcome, before, after, remote, prev_hash, hash)
            VALUES (3, {forged.At.UtcTicks}, 'mallory', '{forged.Roles}', NULL, '{forged.Action}', '{forged.Target}', 'ok', NULL, '{forged.After}', '{forged.RemoteAddress}', {Blob(forged.PrevHash)}, {Blob(forged.Hash)});
            """);
        Assert.Equal((3L, AuditFault.HeadMismatch), Bad(await log.VerifyAsync()));

        await DropTriggersAsync();
        await ExecuteAsync("DELETE FROM audit_head;");
        Assert.Equal(AuditFault.HeadMissing, (await log.VerifyAsync()).Fault);
        await Assert.ThrowsAsync<InvalidOperationException>(() => log.AppendAsync(Entry(4)));
    }

    [SkippableFact]
    public async Task Parallel_appenders_never_fork_the_chain()
    {
        const int Appenders = 8;
        const int Each = 50;
        // One log each, as separate processes would have: only the database serializes them.
        await Task.WhenAll(Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
        {
            var log = Log();
            for (var i = 0; i < Each; i++)
                await log.AppendAsync(Entry(i) with { Actor = "appender" + a });
        })));

        var verification = await Log().VerifyAsync();
        Assert.True(verification.Ok, verification.Detail);
        Assert.Equal((long)Appenders * Each, verification.RowsChecked);
        Assert.Equal((long)Appenders * Each, verification.HeadSeq);
    }

    private static (long? BadSeq, AuditFault? Fault) Bad(AuditVerification verification)
    {
        Assert.False(verification.Ok);
        return (verification.BadSeq, verification.Fault);
    }

    /// <summary>A hash as a blob literal of the dialect.</summary>
    private string Blob(string hex) => Dialect == SqlDialect.Sqlite ? $"X'{hex}'" : $"'\\x{hex}'::bytea";
}
