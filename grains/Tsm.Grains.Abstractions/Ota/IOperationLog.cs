namespace Tsm.Grains.Ota;

/// <summary>Records operations for people to query (who, what, when, SE, MSISDN, application, result).</summary>
public interface IOperationLog
{
    /// <summary>
    /// Records one operation. With a <c>recordId</c> (a task's end is recorded under its task id) the record is written
    /// once: a record written again with an id already recorded is ignored, unless <c>replace</c> asks to replace its
    /// result and detail. <c>actor</c> (who asked) is "wallet:MSISDN" when null, else "sp:PROVIDER", "platform" or
    /// "business-hall:MSISDN".
    /// </summary>
    Task RecordAsync(string operation, string seId, string msisdn, string? applicationAid, string result, string? detail, Guid? recordId = null, string? actor = null, bool replace = false);

    /// <summary>The record written under <paramref name="recordId"/> (a task's end: its task id), or null.</summary>
    Task<RecordedOperation?> FindAsync(Guid recordId);
}
