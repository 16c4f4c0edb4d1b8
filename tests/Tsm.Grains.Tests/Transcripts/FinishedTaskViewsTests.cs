using Tsm.Grains.Ota;
using Tsm.Grains.Ota.Transcripts;

namespace Tsm.Grains.Tests.Transcripts;

/// <summary>A finished task's view read back from its operation record, the task's only durable end (docs/ota.md, "Transcripts").</summary>
public sealed class FinishedTaskViewsTests
{
    private const string SeId = "86000000000000000001";
    private static readonly TaskId Id = TaskId.New(SeId);

    private static RecordedOperation Record(string operation, string result, string? aid, string? detail, string actor = "wallet:13800000000") =>
        new(Id.Value, DateTimeOffset.UnixEpoch, actor, operation, SeId, "13800000000", aid, result, detail);

    [Fact]
    public void A_failure_gives_back_its_reason_and_the_card_status_word()
    {
        var spec = TestTasks.For(new DownloadOperation("A000000333010101"));
        var outcome = new TaskOutcome(TaskState.Failed, "INSTALL [for load] refused", "6A80");
        // What the task grain writes …
        var record = Record(spec.Kind.Name(), "failed", spec.ApplicationAid, TaskEndRecord.Detail(outcome));
        // … reads back as the task's view.
        var view = FinishedTaskViews.From(Id, record);
        Assert.NotNull(view);
        Assert.Equal(OperationKind.Download, view.Kind);
        Assert.Equal(TaskState.Failed, view.State);
        Assert.Equal("INSTALL [for load] refused", view.Reason);
        Assert.Equal("6A80", view.StatusWord);
        Assert.Equal("A000000333010101", view.ApplicationAid);
        Assert.Null(view.SecurityDomainAid);
    }

    [Fact]
    public void A_success_has_no_reason_even_when_its_detail_lists_what_a_sync_found()
    {
        var view = FinishedTaskViews.From(Id, Record("sync", "succeeded", null, "differences: A0000003330101: Useable -> Locked"));
        Assert.NotNull(view);
        Assert.Equal(TaskState.Succeeded, view.State);
        Assert.Null(view.Reason);
        Assert.Null(view.StatusWord);
    }

    [Fact]
    public void An_SD_operation_names_the_SD_and_an_abort_keeps_its_reason_without_a_status_word()
    {
        var view = FinishedTaskViews.From(Id, Record("delete-security-domain", "aborted", "A00000015153530101", "aborted by an operator"));
        Assert.NotNull(view);
        Assert.Equal(OperationKind.DeleteSecurityDomain, view.Kind);
        Assert.Equal("A00000015153530101", view.SecurityDomainAid);
        Assert.Null(view.ApplicationAid);
        Assert.Equal("aborted by an operator", view.Reason);
        Assert.Null(view.StatusWord);
    }

    [Fact]
    public void A_record_that_is_no_task_end_or_of_another_SE_gives_no_view()
    {
        Assert.Null(FinishedTaskViews.From(Id, Record("login", "ok", null, null)));
        Assert.Null(FinishedTaskViews.From(Id, Record("download", "succeeded", "A0", null) with { SeId = "86000000000000000002" }));
    }

    [Fact]
    public void The_provider_comes_from_the_record_actor()
    {
        Assert.Equal("acme", FinishedTaskViews.ProviderOf(Record("download", "succeeded", "A0", null, "sp:acme")));
        Assert.Null(FinishedTaskViews.ProviderOf(Record("download", "succeeded", "A0", null, "platform")));
    }
}
