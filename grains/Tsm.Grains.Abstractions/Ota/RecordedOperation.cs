namespace Tsm.Grains.Ota;

/// <summary>An operation record as the operation log returns it (docs/ota.md, "Operation records").</summary>
public sealed record RecordedOperation(
    Guid Id,
    DateTimeOffset At,
    string Actor,
    string Operation,
    string SeId,
    string Msisdn,
    string? ApplicationAid,
    string Result,
    string? Detail);
