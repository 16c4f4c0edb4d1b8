namespace Tsm.Gateway.Audit;

/// <summary>
/// A page of <c>GET /admin/v1/audit</c>: rows newest first, and the <c>before</c> value of the next (older) page when
/// this one is full.
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Entries, long? NextBefore);
