namespace Tsm.Gateway.Audit;

/// <summary>
/// Checks the audit rows in seq order, one at a time, then the head record (docs/security.md, "Audit log"). Per row,
/// in this order: its hashes are 32 bytes (else <see cref="AuditFault.Malformed"/>), its seq is the next one (a jump:
/// <see cref="AuditFault.Removed"/>), its prev_hash is the previous row's hash (else
/// <see cref="AuditFault.Relinked"/>: reordered, or removed and renumbered), its hash matches its content (else
/// <see cref="AuditFault.Altered"/>). The chain cannot show that its last rows were removed; the head can.
/// </summary>
internal sealed class AuditChainWalk
{
    private long _expected = 1;
    private byte[] _prev = AuditChain.Genesis.ToArray();

    public long Rows { get; private set; }

    /// <summary>Null while the chain holds; else the verdict at this row.</summary>
    public AuditVerification? Next(long seq, byte[] prevHash, byte[] hash, Func<AuditRecord> read)
    {
        Rows++;
        if (prevHash.Length != AuditChain.HashLength || hash.Length != AuditChain.HashLength)
            return Bad(seq, AuditFault.Malformed, $"Row {seq}: a stored hash is not 32 bytes.");
        if (seq < _expected)
            return Bad(seq, AuditFault.Malformed, $"Row {seq}: seqs start at 1 and rise by one; {_expected} was expected.");
        if (seq > _expected)
        {
            var missing = seq == _expected + 1 ? $"{_expected}" : $"{_expected}..{seq - 1}";
            return Bad(seq, AuditFault.Removed, $"Row {seq} follows row {_expected - 1}: row {missing} removed.");
        }

        if (!prevHash.AsSpan().SequenceEqual(_prev))
            return Bad(seq, AuditFault.Relinked, $"Row {seq}: prev_hash is not row {seq - 1}'s hash (rows reordered, or removed and renumbered).");
        if (!string.Equals(AuditChain.Compute(read()), Convert.ToHexStringLower(hash), StringComparison.Ordinal))
            return Bad(seq, AuditFault.Altered, $"Row {seq}: its hash does not match its content (row altered).");
        _prev = hash;
        _expected++;
        return null;
    }

    /// <summary>The verdict once every row passed, against the head record (null when it is missing).</summary>
    public AuditVerification End((long Seq, byte[] Hash)? head)
    {
        var last = _expected - 1;
        if (head is not { } h)
            return Bad(last, AuditFault.HeadMissing, "The head record (audit_head) is missing.");
        if (h.Seq > last)
            return Bad(last + 1, AuditFault.TailRemoved, $"The head record names row {h.Seq}, the log ends at row {last}: rows after {last} removed.");
        if (h.Seq < last)
            return Bad(h.Seq + 1, AuditFault.HeadMismatch, $"The log ends at row {last}, the head record names row {h.Seq}: rows after {h.Seq} were not appended through the log.");
        if (!h.Hash.AsSpan().SequenceEqual(_prev))
            return Bad(last, AuditFault.HeadMismatch, $"The head record's hash is not row {last}'s hash.");
        return AuditVerification.Intact(Rows, last, Convert.ToHexStringLower(_prev));
    }

    private AuditVerification Bad(long seq, AuditFault fault, string detail) => AuditVerification.Tampered(Rows, seq, fault, detail);
}
