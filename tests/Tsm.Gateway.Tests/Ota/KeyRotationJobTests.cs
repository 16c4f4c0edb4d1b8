using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// The batch key rotation is a durable job (docs/ota.md, "Batch key rotation"): stopped with the gateway in the middle
/// of the batch, it goes on after the restart from its cursor, brought back by its reminder (nobody asks about it),
/// and every SE of the batch is counted once and gets one ISD key update.
/// </summary>
public sealed class KeyRotationJobTests
{
    private const int Ses = 10;
    private const int PageSize = 1;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static async Task<JsonElement> ProgressAsync(RunningGateway gateway, Uri job) =>
        await gateway.Client.GetFromJsonAsync<JsonElement>(job);

    /// <summary>How many ISD key updates each SE has waiting.</summary>
    private static async Task<int[]> UpdatesQueuedAsync(RunningGateway gateway, IEnumerable<string> seIds)
    {
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        var counts = new List<int>();
        foreach (var seId in seIds)
            counts.Add((await grains.GetGrain<ISeGrain>(seId).ListTasks()).Count(t => t.Kind == OperationKind.UpdateSecurityDomainKeys));
        return [.. counts];
    }

    [Fact]
    public async Task A_rotation_stopped_mid_batch_by_a_restart_resumes_at_its_cursor_and_updates_each_se_once()
    {
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path,
        [
            .. PlatformGatewayFixture.NewMasterKeyArguments(),
            // Pages of one SE, two seconds apart, so that the job is mid-batch when the gateway stops (its stop takes seconds on a
            // busy machine); a reminder every 2 s.
            "--KeyRotation:PageSize", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--KeyRotation:PagePause", "00:00:02",
            "--KeyRotation:ReminderPeriod", "00:00:02",
            "--" + StorageExtensions.RemindersSection + ":MinimumReminderPeriod", "00:00:01",
        ]);
        await gateway.StartAsync();
        var seIds = Enumerable.Range(0, Ses).Select(i => $"860000000000000071{i:X2}").ToList();
        foreach (var seId in seIds)
        {
            using var phone = new Phone(gateway.BaseAddress, seId, "13955550000");
            await phone.LoginAsync(); // registered: bound in the SE directory the job pages through
        }

        using var started = await gateway.Client.PostAsync(new Uri("/admin/v1/batches/demo/key-rotation", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = new Uri(gateway.BaseAddress, started.Headers.Location!);
        var clock = Stopwatch.StartNew();
        var before = await ProgressAsync(gateway, job);
        while (before.GetProperty("scanned").GetInt32() == 0)
        {
            Assert.True(clock.Elapsed < Deadline, before.ToString());
            await Task.Delay(20);
            before = await ProgressAsync(gateway, job);
        }
        Assert.Equal("running", before.GetProperty("state").GetString());

        await gateway.StopAsync();
        await gateway.StartAsync();
        var atRestart = await UpdatesQueuedAsync(gateway, seIds);
        Assert.True(atRestart.Count(n => n > 0) < Ses, $"the job had finished before the restart: {string.Join(",", atRestart)}");

        // Nobody asks about the job: its reminder brings it back, and it goes on from its cursor.
        var queued = atRestart;
        while (queued.Any(n => n == 0))
        {
            Assert.True(clock.Elapsed < Deadline, $"SEs with their update queued: {string.Join(",", queued)}");
            await Task.Delay(200);
            queued = await UpdatesQueuedAsync(gateway, seIds);
        }
        Assert.All(queued, n => Assert.Equal(1, n));
        var done = await ProgressAsync(gateway, job);
        while (done.GetProperty("state").GetString() == "running" && clock.Elapsed < Deadline)
        {
            await Task.Delay(100);
            done = await ProgressAsync(gateway, job);
        }
        Assert.Equal("done", done.GetProperty("state").GetString());
        Assert.Equal(Ses, done.GetProperty("scanned").GetInt32());
        // A page cut short is done again: its SEs then count as up to date (their update is queued), never twice.
        Assert.Equal(Ses, done.GetProperty("queued").GetInt32() + done.GetProperty("upToDate").GetInt32());
        Assert.Equal(0, done.GetProperty("refused").GetInt32());
        Assert.Equal(0x20, done.GetProperty("targetKeyVersion").GetInt32());
    }
}
