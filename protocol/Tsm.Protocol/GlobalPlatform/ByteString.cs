namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// An immutable byte string with value equality, so that command records compare by content and a
/// ToApdu → Parse round trip yields an equal record. <c>default</c> is the empty string.
/// </summary>
public readonly struct ByteString : IEquatable<ByteString>
{
    private readonly byte[]? _bytes;

    public ByteString(ReadOnlySpan<byte> bytes) => _bytes = bytes.IsEmpty ? null : bytes.ToArray();

    public static ByteString Empty => default;

    public ReadOnlySpan<byte> Span => _bytes;

    public ReadOnlyMemory<byte> Memory => _bytes;

    public int Length => _bytes?.Length ?? 0;

    public bool IsEmpty => Length == 0;

    public static ByteString FromHex(string hex) => new(Hex.Parse(hex));

    public static implicit operator ByteString(byte[]? bytes) => new(bytes);

    public byte[] ToArray() => Span.ToArray();

    public bool Equals(ByteString other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is ByteString other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(ByteString left, ByteString right) => left.Equals(right);

    public static bool operator !=(ByteString left, ByteString right) => !left.Equals(right);

    public override string ToString() => Hex.Format(Span);
}
