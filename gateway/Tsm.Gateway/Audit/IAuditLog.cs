namespace Tsm.Gateway.Audit;

/// <summary>
/// The platform's audit log (requirement 7.4; docs/security.md, "Audit log"): append-only, each row chained to the
/// one before by a hash, so that altering, removing or reordering rows is detected by <see cref="VerifyAsync"/>.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends <paramref name="entry"/>, cleaned (<see cref="AuditText"/>) and stamped with the domain clock, at the
    /// head of the chain; returns the row as stored. Appends are serialized across processes sharing the database.
    /// </summary>
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Rows matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Walks the whole chain and checks it against the separately kept head record.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default);
}
