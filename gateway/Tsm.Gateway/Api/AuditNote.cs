namespace Tsm.Gateway.Api;

/// <summary>
/// What a self-audited handler tells the audit log about its request (<see cref="SelfAudit"/>): the target it acted on
/// and short summaries before and after (never secrets). One per request; a field left null is recorded as empty.
/// </summary>
public sealed class AuditNote
{
    public string? Target { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }
}
