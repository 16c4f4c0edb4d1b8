using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Tests.Ota;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Sp;

/// <summary>The callback outbox is durable: a callback its platform could not take yet is sent after a gateway restart.</summary>
public sealed class SpCallbackRestartTests
{
    [Fact]
    public async Task A_callback_not_yet_acknowledged_survives_a_restart()
    {
        using var database = new TempDatabase();
        var port = SiloHost.FreePort(); // the platform's callback endpoint is down at first
        await using var gateway = new RunningGateway(database.Path, SpSetup.Arguments(new Uri($"http://127.0.0.1:{port}"), TimeSpan.Zero));
        await gateway.StartAsync();
        using var phone = new Phone(gateway.BaseAddress, SpSetup.NewSeId(), "13922223333");
        await phone.LoginAsync();

        using var accepted = await gateway.Client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(phone.SeId), SpSetup.BankKey,
            new { operation = "download", applicationAid = SpSetup.DemoApp }));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var taskId = JsonSerializer.Deserialize(await accepted.Content.ReadAsStringAsync(), SpJsonContext.Default.SpTaskStatus)!.TaskId;
        // An operator aborts the queued task: it ends, and its callback goes to the outbox.
        using var aborted = await phone.Http.DeleteAsync(new Uri($"/wallet/v1/tasks/{taskId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, aborted.StatusCode);
        var store = gateway.Services.GetRequiredService<SpCallbackStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        SpCallbackRecord? row;
        while ((row = await store.GetAsync(taskId)) is not { Attempts: > 0, Detail: not null } && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.NotNull(row);
        Assert.Equal(SpCallbackStates.Pending, row.State);
        Assert.True(row.Attempts > 0, "the sender tried the callback while the endpoint was down");
        Assert.StartsWith("not reached", row.Detail, StringComparison.Ordinal);

        await gateway.StopAsync();
        await using var receiver = await CallbackReceiver.StartAsync(port);
        await gateway.StartAsync();
        var callback = await receiver.AcknowledgedAsync(taskId, TimeSpan.FromSeconds(20));
        Assert.True(CallbackReceiver.SignatureValid(callback));
        Assert.Equal("aborted", JsonSerializer.Deserialize(callback.Body, SpJsonContext.Default.SpTaskEvent)!.Task.State);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await gateway.Services.GetRequiredService<SpCallbackStore>().GetAsync(taskId))?.State != SpCallbackStates.Delivered && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(SpCallbackStates.Delivered, (await gateway.Services.GetRequiredService<SpCallbackStore>().GetAsync(taskId))!.State);
    }
}
