using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Ota;
using Tsm.Protocol.Seram;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>
/// What a cluster sees when a silo dies right after a task grain on it stored the task's end: the SE grain (on another
/// silo) gets an error instead of the answer, and the task grain's activation is gone. Simulated in one silo by a grain
/// call filter that throws away the answer of the finishing call and deactivates the task grain.
/// </summary>
public sealed class LostAnswerTests
{
    private const string DemoApp = "A000000333010101";

    /// <summary>Loses the answer of the next <see cref="ITaskRunner.Advance"/> call that ends its task, once armed.</summary>
    private sealed class LoseFinishingAnswer : IIncomingGrainCallFilter
    {
        private int _armed;

        public int Lost { get; private set; }

        public void Arm() => Volatile.Write(ref _armed, 1);

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            await context.Invoke();
            if (context.InterfaceMethod?.Name == nameof(ITaskRunner.Advance)
                && context.Result is TaskAdvance { Outcome: not null }
                && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Lost++;
                context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "its silo died"));
                throw new SiloUnavailableException("The answer was lost with its silo (simulated).");
            }
        }
    }

    [Fact]
    public async Task A_task_whose_end_was_stored_but_whose_answer_was_lost_ends_once_and_is_not_run_again()
    {
        using var database = new TempDatabase();
        var lose = new LoseFinishingAnswer();
        var builder = WebApplication.CreateBuilder([
            "--urls", "http://127.0.0.1:0", "--environment", "Testing",
            "--Storage:SqlitePath", database.Path,
            "--" + StorageExtensions.SiloPortKey, SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
            "--" + StorageExtensions.GatewayPortKey, SiloHost.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            "--WalletAccess:NetworkGatewayAddresses:0", "127.0.0.1",
        ]);
        builder.AddGatewayServices();
        builder.Services.AddSingleton<IIncomingGrainCallFilter>(lose);
        await using var app = builder.Build();
        app.MapGatewayEndpoints();
        await app.StartAsync();
        using var phone = new Phone(new Uri(app.Urls.First()), "8600000000000000A501", "13900000501");
        await phone.LoginAsync();
        var accepted = await phone.SubmitAsync(WalletOperation.Download, DemoApp);
        var counting = new CountingCard(phone.Card);

        lose.Arm();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Authorization = phone.Http.DefaultRequestHeaders.Authorization;
        var steps = new List<SeramStep>();
        var first = await new SeramLocalAgent(counting, phone.SeId, http, accepted.SessionId, Phone.FastAgent with { OnStep = steps.Add }).RunAsync();
        Assert.Equal(1, lose.Lost);
        // The lost answer is a 503 (the cluster could not reach the task grain): the agent sends the same report again
        // and gets the stop, not a new session.
        Assert.Equal(SeramSessionOutcome.Completed, first.Outcome);
        Assert.Contains(steps, s => s.Kind == SeramStepKind.Retry && s.Detail.Contains("503", StringComparison.Ordinal));

        // The phone sends the same report again, as after any unanswered request (to the surviving silo): the task
        // has ended, so the answer is the stop, not a new session run on the card again.
        using var body = new StringContent(SeramSerializer.Serialize(first.Reports[^1]), Encoding.UTF8, SeramConstants.ContentType);
        using var resent = await http.PostAsync(new Uri(SeramConstants.PathFor(SeramConstants.RemoteManagementPath, accepted.SessionId), UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        var order = SeramSerializer.ParseOrder(await resent.Content.ReadAsStringAsync());
        Assert.DoesNotContain(order.RamCommands ?? [], c => c.RamCommandType == RamCommandType.SeRamCommand);
        Assert.Contains(order.RamCommands ?? [], c => c.RamCommandType == RamCommandType.StopCommand);

        var task = await phone.TaskAsync(accepted.TaskId);
        Assert.True(task.State == WalletTaskState.Succeeded, $"{task.State}: {task.Failure?.Reason}");
        Assert.Equal(1, counting.CompletedLoads);

        var records = await app.Services.GetRequiredService<OperationRecordStore>().QueryAsync(seId: phone.SeId);
        Assert.Single(records, r => r.Operation == "download");
        Assert.Equal(ApplicationState.Useable, (await app.Services.GetRequiredService<IGrainFactory>().GetGrain<ISeGrain>(phone.SeId).ApplicationStates())[DemoApp]);
    }
}
