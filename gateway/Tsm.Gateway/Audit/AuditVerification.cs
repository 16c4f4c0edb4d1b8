namespace Tsm.Gateway.Audit;

/// <summary>
/// What <see cref="IAuditLog.VerifyAsync"/> found. Intact: <see cref="Ok"/>, and the head (last seq and hash), which
/// an operator may note outside the database to detect later a rewrite of the whole chain. Tampered: the first bad
/// row, what is wrong with it and why in words.
/// </summary>
public sealed record AuditVerification
{
    public required bool Ok { get; init; }

    /// <summary>Rows read, the bad one included.</summary>
    public required long RowsChecked { get; init; }

    /// <summary>The last row's seq when intact (0 for an empty log).</summary>
    public long? HeadSeq { get; init; }

    /// <summary>The last row's hash when intact (lower-case hex; 32 zero bytes for an empty log).</summary>
    public string? HeadHash { get; init; }

    /// <summary>The first row found bad (for a removed tail, the head record's seq).</summary>
    public long? BadSeq { get; init; }

    public AuditFault? Fault { get; init; }

    /// <summary>Why, in words; names seqs only, never row content.</summary>
    public string? Detail { get; init; }

    public static AuditVerification Intact(long rows, long headSeq, string headHash) =>
        new() { Ok = true, RowsChecked = rows, HeadSeq = headSeq, HeadHash = headHash };

    public static AuditVerification Tampered(long rows, long badSeq, AuditFault fault, string detail) =>
        new() { Ok = false, RowsChecked = rows, BadSeq = badSeq, Fault = fault, Detail = detail };
}
