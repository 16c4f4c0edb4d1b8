namespace Tsm.Grains.Ota.Transcripts;

/// <summary>
/// A finished task read back from its operation record, once its grain state is gone (docs/ota.md, "Transcripts"):
/// the record is the task's end, and there is no second copy. The record names the operation, how it ended and the
/// reason with the card's SW ("reason (SW 6A80)"); an SD operation's record names the SD in place of an application.
/// </summary>
public static class FinishedTaskViews
{
    private const string SwMark = " (SW ";

    /// <summary>The task's view, or null when the record is not a task's end.</summary>
    public static TaskView? From(TaskId id, RecordedOperation record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!string.Equals(record.SeId, id.SeId, StringComparison.OrdinalIgnoreCase))
            return null;
        var kind = Enum.GetValues<OperationKind>().Cast<OperationKind?>().FirstOrDefault(k => k!.Value.Name() == record.Operation);
        TaskState? state = record.Result switch
        {
            "succeeded" => TaskState.Succeeded,
            "failed" => TaskState.Failed,
            "aborted" => TaskState.Aborted,
            _ => null,
        };
        if (kind is not { } k || state is not { } s)
            return null;
        string? reason = null;
        string? sw = null;
        // A success's detail is what it found (a sync's differences), not a reason.
        if (s != TaskState.Succeeded && record.Detail is { } detail)
        {
            var mark = detail.LastIndexOf(SwMark, StringComparison.Ordinal);
            if (mark >= 0 && detail.EndsWith(')') && detail.Length - mark - SwMark.Length - 1 is 4)
            {
                reason = detail[..mark];
                sw = detail[(mark + SwMark.Length)..^1];
            }
            else
            {
                reason = detail;
            }
        }
        var securityDomain = k is OperationKind.CreateSecurityDomain or OperationKind.UpdateSecurityDomainKeys or OperationKind.DeleteSecurityDomain;
        return new TaskView(id, k, securityDomain ? null : record.ApplicationAid, s, reason, sw, null, securityDomain ? record.ApplicationAid : null);
    }

    /// <summary>The provider that asked for the task ("sp:PROVIDER" in the record), or null.</summary>
    public static string? ProviderOf(RecordedOperation record) =>
        record?.Actor is { } actor && actor.StartsWith("sp:", StringComparison.Ordinal) ? actor[3..] : null;
}
