namespace Tsm.Grains.Ota.Transcripts;

/// <summary>
/// One command of a stored order: the C-APDU as sent (its data field zeroed when it carries secrets), or, for a LOAD
/// block, its plain header (CLA INS P1 P2) and a <see cref="LoadBlockReference"/> to the block's data.
/// </summary>
public sealed record TranscriptCommand(ReadOnlyMemory<byte> Bytes, LoadBlockReference? Load = null)
{
    public bool Equals(TranscriptCommand? other) =>
        other is not null && Equals(Load, other.Load) && Bytes.Span.SequenceEqual(other.Bytes.Span);

    public override int GetHashCode() => HashCode.Combine(Bytes.Length, Load);
}
