namespace Tsm.Grains.Ota.Transcripts;

/// <summary>
/// A LOAD block kept by reference rather than by value (docs/ota.md, "Transcripts"): the SHA-1 of the whole LOAD
/// sequence of its load file (the bytes the LOAD commands carry, in order, before the secure channel's wrapping) and
/// the block's slice of it. The same 8 KB are loaded onto every SE; a transcript keeps 28 bytes per block instead.
/// </summary>
public sealed record LoadBlockReference(ReadOnlyMemory<byte> SequenceHash, int Offset, int Length)
{
    public const int HashLength = 20;

    public bool Equals(LoadBlockReference? other) =>
        other is not null && Offset == other.Offset && Length == other.Length && SequenceHash.Span.SequenceEqual(other.SequenceHash.Span);

    public override int GetHashCode() => HashCode.Combine(Offset, Length);
}
