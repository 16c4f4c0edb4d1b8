using System.Diagnostics;
using System.Net;
using Reqnroll;
using Tsm.Protocol.Wallet;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>Several tasks for one SE: the queue, waiting sessions and aborts (Features/Ota/Concurrency.feature).</summary>
[Binding]
public sealed class ConcurrencySteps(OtaScenario ota)
{
    private HttpStatusCode? _abortStatus;

    [Then("^the queue of the SE lists the download task first and then the sync task$")]
    public async Task ThenTheQueueListsDownloadThenSync()
    {
        var queue = await ota.Phone.QueueAsync();
        Assert.Equal([ota.TaskOf(WalletOperation.Download).TaskId, ota.TaskOf(WalletOperation.Sync).TaskId], queue.Select(t => t.TaskId));
        Assert.Equal(WalletTaskState.Queued, queue[1].State);
    }

    [When("^the phone starts the session of the (download|sync) task$")]
    public void WhenThePhoneStartsTheSession(string operation)
    {
        var op = OtaSteps.OperationOf(operation);
        ota.Background[op] = ota.Phone.RunSessionAsync(ota.TaskOf(op).SessionId);
    }

    [When("^the phone runs the session of the (download|sync) task$")]
    public async Task WhenThePhoneRunsTheSession(string operation) =>
        ota.LastSession = await ota.Phone.RunSessionAsync(ota.TaskOf(OtaSteps.OperationOf(operation)).SessionId);

    [Then(@"^the session of the sync task is still waiting after (\d+) ms$")]
    public async Task ThenTheSessionIsStillWaiting(int ms)
    {
        await Task.Delay(ms);
        Assert.False(ota.Background[WalletOperation.Sync].IsCompleted, "The sync session ended while the download had not run.");
        Assert.Equal(WalletTaskState.Queued, (await ota.Phone.TaskAsync(ota.TaskOf(WalletOperation.Sync).TaskId)).State);
    }

    [Then("^the session of the sync task completes$")]
    public async Task ThenTheSyncSessionCompletes()
    {
        var result = await ota.Background[WalletOperation.Sync].WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.IsCompleted, $"{result.Outcome}: {result.Detail}");
    }

    [When("^the download session has completed$")]
    public async Task WhenTheDownloadSessionHasCompleted()
    {
        var result = await ota.Background[WalletOperation.Download].WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(result.IsCompleted, $"{result.Outcome}: {result.Detail}");
    }

    [Then("^the (download|sync) task succeeds$")]
    public async Task ThenTheTaskSucceeds(string operation)
    {
        var task = await ota.Phone.TaskAsync(ota.TaskOf(OtaSteps.OperationOf(operation)).TaskId);
        Assert.True(task.State == WalletTaskState.Succeeded, $"{task.State}: {task.Failure?.Reason} {task.Failure?.StatusWord}");
    }

    [When("^the sync task is aborted$")]
    public async Task WhenTheSyncTaskIsAborted() =>
        _abortStatus = await ota.Phone.AbortAsync(ota.TaskOf(WalletOperation.Sync).TaskId);

    [Then(@"^the gateway answers the abort with HTTP (\d{3})$")]
    public void ThenTheGatewayAnswersTheAbort(int status) => Assert.Equal((HttpStatusCode)status, _abortStatus);

    [Then("^the sync task is aborted with a reason$")]
    public async Task ThenTheSyncTaskIsAborted()
    {
        var task = await ota.Phone.TaskAsync(ota.TaskOf(WalletOperation.Sync).TaskId);
        Assert.Equal(WalletTaskState.Aborted, task.State);
        Assert.False(string.IsNullOrWhiteSpace(task.Failure?.Reason), "An aborted task has no reason.");
    }

    [Then("^the queue of the SE no longer lists the sync task as waiting$")]
    public async Task ThenTheQueueNoLongerListsTheSyncTask()
    {
        var sync = ota.TaskOf(WalletOperation.Sync).TaskId;
        var queue = await ota.Phone.QueueAsync();
        Assert.DoesNotContain(queue, t => t.TaskId == sync && t.State is WalletTaskState.Queued or WalletTaskState.Running);
    }

    [Then("^the queue of the SE soon shows the download task running, first, and the sync task queued after it$")]
    public async Task ThenTheQueueShowsTheRunningTaskFirst()
    {
        var download = ota.TaskOf(WalletOperation.Download).TaskId;
        var sync = ota.TaskOf(WalletOperation.Sync).TaskId;
        var session = ota.Background[WalletOperation.Download];
        IReadOnlyList<WalletTaskStatus> queue = [];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && !session.IsCompleted)
        {
            queue = await ota.Phone.QueueAsync();
            if (queue.Count > 0 && queue[0].State == WalletTaskState.Running)
                break;
            await Task.Delay(20);
        }
        Assert.True(queue.Count == 2, $"Queue: {string.Join(", ", queue.Select(t => $"{t.TaskId} {t.State}"))}");
        Assert.Equal(download, queue[0].TaskId);
        Assert.Equal(WalletTaskState.Running, queue[0].State);
        Assert.Equal(sync, queue[1].TaskId);
        Assert.Equal(WalletTaskState.Queued, queue[1].State);
    }
}
