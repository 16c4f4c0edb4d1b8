using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Cli;
using Tsm.Gateway.Storage.Backups;
using Tsm.Gateway.Tests.Ota;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Storage;

/// <summary>
/// Backups of the embedded profile (docs/backups.md, requirement 7.3): taken online on a schedule and by the CLI, and
/// the restore drill — back up, write more, restore, and the gateway comes back consistent: the tasks and pushes
/// stored at the backup resume, the audit log is intact, and what came after the backup can be done again.
/// </summary>
public sealed class BackupRestoreDrillTests
{
    private const string DemoApp = "A000000333010101";

    [Fact]
    public async Task Back_up_write_more_restore_and_the_gateway_comes_back_consistent()
    {
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path);
        await gateway.StartAsync();
        using var kept = new Phone(gateway.BaseAddress, "86000000000000007301", "13900073001");
        await kept.LoginAsync();
        Assert.Equal(WalletTaskState.Succeeded, (await kept.DoAsync(WalletOperation.Download, DemoApp)).State);
        // Work stored but not done at the backup: an operator's task waiting for the phone, and a push.
        using var queued = await gateway.Client.PostAsJsonAsync(new Uri($"/admin/v1/ses/{kept.SeId}/operations", UriKind.Relative), new { operation = "sync" });
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var taskId = JsonDocument.Parse(await queued.Content.ReadAsStringAsync()).RootElement.GetProperty("taskId").GetString()!;
        using var pushed = await gateway.Client.PostAsJsonAsync(new Uri("/admin/v1/pushes", UriKind.Relative), new { seId = kept.SeId, operation = "sync" });
        var serial = JsonDocument.Parse(await pushed.Content.ReadAsStringAsync()).RootElement.GetProperty("serial").GetString()!;

        var backup = await gateway.Services.GetRequiredService<BackupScheduler>().Backups.CreateAsync();
        Assert.True(File.Exists(backup.Path));

        // Written after the backup: a second phone registers.
        using var later = new Phone(gateway.BaseAddress, "86000000000000007302", "13900073002");
        await later.LoginAsync();

        await gateway.StopAsync();
        var replaced = await SqliteBackups.RestoreAsync(backup.Path, database.Path, TimeProvider.System);
        Assert.True(File.Exists(replaced));
        await gateway.StartAsync();

        using (var push = await gateway.Client.GetAsync(new Uri($"/admin/v1/pushes/{serial}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, push.StatusCode);
            Assert.Equal("pending", JsonDocument.Parse(await push.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());
        }
        // The waiting task resumes: the phone's next login runs it.
        string? state = null;
        for (var attempt = 0; attempt < 50 && state is not ("succeeded" or "failed" or "aborted"); attempt++)
        {
            var login = await kept.LoginAsync();
            state = (await gateway.Client.GetFromJsonAsync<JsonElement>(new Uri($"/admin/v1/tasks/{taskId}", UriKind.Relative))).GetProperty("state").GetString();
            if (login.SessionId is null && state is not ("succeeded" or "failed" or "aborted"))
                await Task.Delay(50);
        }
        Assert.Equal("succeeded", state);
        // The application downloaded before the backup is still known, and can be deleted as usual.
        Assert.Equal(WalletTaskState.Succeeded, (await kept.DoAsync(WalletOperation.Delete, DemoApp)).State);
        // The registration after the backup is gone with the restore; the phone registers again.
        var again = await later.LoginAsync();
        Assert.NotNull(again.AccessToken);
        Assert.True((await gateway.Services.GetRequiredService<IAuditLog>().VerifyAsync()).Ok);
    }

    [Fact]
    public async Task The_schedule_takes_a_backup_each_interval_and_keeps_the_newest()
    {
        using var database = new TempDatabase();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new RunningGateway(database.Path, "--Backups:Interval", "01:00:00", "--Backups:Keep", "2") { Clock = clock };
        await gateway.StartAsync();
        var scheduler = gateway.Services.GetRequiredService<BackupScheduler>();
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await scheduler.Current; // the fake clock's timer started the run within Advance
        }
        var backups = scheduler.Backups.List();
        Assert.Equal(2, backups.Count);
        Assert.True(backups[0].TakenAt > backups[1].TakenAt);
        Assert.Equal(Path.Combine(database.Folder, "backups"), Path.GetDirectoryName(backups[0].Path));
    }

    [Fact]
    public async Task The_cli_takes_lists_and_restores_and_refuses_a_damaged_backup()
    {
        using var database = new TempDatabase();
        await using (var gateway = new RunningGateway(database.Path))
            await gateway.StartAsync();
        string[] config = ["--Storage:SqlitePath", database.Path, "--environment", "Testing"];
        var output = new StringWriter();
        Assert.Equal(CliExitCodes.Ok, await GatewayCli.RunAsync(["backup", "create", .. config], output, TextWriter.Null));
        Assert.Contains("Backup taken: ", output.ToString(), StringComparison.Ordinal);
        output = new StringWriter();
        Assert.Equal(CliExitCodes.Ok, await GatewayCli.RunAsync(["backup", "list", .. config], output, TextWriter.Null));
        var file = output.ToString().Split('\n').Select(l => l.Trim()).Single(l => l.EndsWith(".db", StringComparison.Ordinal)).Split("  ").Last();
        Assert.Equal(CliExitCodes.Ok, await GatewayCli.RunAsync(["backup", "restore", file, .. config], TextWriter.Null, TextWriter.Null));

        var damaged = Path.Combine(database.Folder, "damaged.db");
        await File.WriteAllBytesAsync(damaged, [.. "SQLite format 3\0"u8.ToArray(), .. new byte[4080]]);
        var error = new StringWriter();
        Assert.Equal(CliExitCodes.Failed, await GatewayCli.RunAsync(["backup", "restore", damaged, .. config], TextWriter.Null, error));
        Assert.Contains("Failed", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(CliExitCodes.Usage, await GatewayCli.RunAsync(["backup", "restore"], TextWriter.Null, TextWriter.Null));
    }
}
