using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Storage;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scripts;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// Transcripts apart from grain state and finished tasks kept small (docs/ota.md, "Transcripts"): the stored form is
/// binary with LOAD blocks by reference, the served form rebuilds them from the catalogue's CAP, a finished task leaves
/// no grain state, and its view still answers from its operation record. (The fixture keeps every transcript.)
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TranscriptTests(GatewayFixture gateway)
{
    private const string DemoApp = "A000000333010101";

    [Fact]
    public async Task A_download_transcript_stores_LOAD_blocks_by_reference_and_shows_them_rebuilt_from_the_CAP()
    {
        using var phone = new Phone(gateway.BaseAddress, "86000000000000007E01", "13300007901");
        await phone.LoginAsync();
        var download = await phone.DoAsync(WalletOperation.Download, DemoApp);
        Assert.True(download.State == WalletTaskState.Succeeded, download.Failure?.Reason);
        Assert.True(TaskId.TryParse(download.TaskId, out var id));

        // Stored: a fraction of the 8 KB the card received (the LOAD data is not repeated per SE).
        var stored = await gateway.Services.GetRequiredService<TranscriptStore>().FindAsync(id.Value);
        Assert.NotNull(stored);
        Assert.Equal(TaskState.Succeeded, stored.State);
        Assert.True(stored.Body.Length < 2_000, $"{stored.Body.Length} bytes stored");

        // Served: the LOAD commands' data, in order, is the load file as the catalogue's CAP gives it.
        var transcript = await gateway.Client.GetFromJsonAsync<List<JsonElement>>($"/admin/v1/tasks/{download.TaskId}/transcript");
        Assert.NotNull(transcript);
        Assert.All(transcript, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("note").ValueKind));
        var loads = transcript.SelectMany(e => CommandScript.Parse(Hex.Parse(e.GetProperty("commandScript").GetString()!)).Commands)
            .Where(c => c.Ins == 0xE8).ToList();
        var catalogue = gateway.Services.GetRequiredService<ICatalogue>();
        var expected = LoadFileBuilder.Build(catalogue.GetCap(catalogue.FindApplication(DemoApp)!).LoadFileDataBlock.Bytes.Span);
        Assert.True(loads.Count > 30, $"{loads.Count} LOAD commands");
        Assert.Equal(expected, loads.SelectMany(c => c.Data.ToArray()).ToArray());
        Assert.Equal(Enumerable.Range(0, loads.Count).Select(i => (byte)i), loads.Select(c => c.P2));
        // Every order has its answer, one R-APDU per command.
        foreach (var exchange in transcript)
        {
            var commands = CommandScript.Parse(Hex.Parse(exchange.GetProperty("commandScript").GetString()!)).Commands.Count();
            Assert.Equal(commands, ResponseScript.Parse(Hex.Parse(exchange.GetProperty("responseScript").GetString()!)).ExecutedCommands);
        }
    }

    [Fact]
    public async Task A_finished_task_leaves_no_grain_state_and_answers_from_its_operation_record()
    {
        using var phone = new Phone(gateway.BaseAddress, "86000000000000007E02", "13300007902");
        await phone.LoginAsync();
        var download = await phone.DoAsync(WalletOperation.Download, DemoApp);
        Assert.Equal(WalletTaskState.Succeeded, download.State);
        Assert.True(TaskId.TryParse(download.TaskId, out var id));
        Assert.Equal(0, await StateRowsAsync(id.GrainKey));
        Assert.Equal(1, await StateRowsAsync(phone.SeId)); // the same look-up finds the SE grain's state

        // Later tasks push it out of the SE grain's recent ones: its view now comes from the task grain, which has no
        // state and reads the operation record.
        for (var i = 0; i < 5; i++)
            Assert.Equal(WalletTaskState.Succeeded, (await phone.DoAsync(WalletOperation.Sync, null)).State);
        var view = await phone.TaskAsync(download.TaskId);
        Assert.Equal(WalletTaskState.Succeeded, view.State);
        Assert.Equal(WalletOperation.Download, view.Operation);
        Assert.Equal(DemoApp, view.ApplicationAid);
        var ended = await gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<ITaskGrain>(id.GrainKey).Ended();
        Assert.NotNull(ended);
        Assert.Equal(OperationKind.Download, ended.Kind);
        Assert.Equal(0, await StateRowsAsync(id.GrainKey));
    }

    /// <summary>Grain state rows whose key holds <paramref name="key"/>.</summary>
    private async Task<long> StateRowsAsync(string key)
    {
        var database = gateway.Services.GetRequiredService<IPlatformDatabase>();
        await using DbConnection connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdExtensionString LIKE @Key;";
        command.AddParameter("@Key", "%" + key + "%");
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
