namespace Tsm.Protocol.Apdu;

/// <summary>
/// An application identifier (ISO/IEC 7816-5): a 5-byte RID followed by an optional PIX, 5 to 16 bytes.
/// Used for load files, modules, instances and security domains alike.
/// </summary>
public sealed class Aid : IEquatable<Aid>, IComparable<Aid>
{
    public const int MinLength = 5;
    public const int MaxLength = 16;

    private readonly byte[] _bytes;

    private Aid(byte[] bytes) => _bytes = bytes;

    /// <summary>The GlobalPlatform default ISD AID (GP 2.2.1 §H.1 RID A000000151).</summary>
    public static Aid GlobalPlatformIsd { get; } = Parse("A0000001510000");

    public ReadOnlySpan<byte> Span => _bytes;

    public ReadOnlyMemory<byte> Memory => _bytes;

    public int Length => _bytes.Length;

    /// <summary>The registered application provider identifier (first 5 bytes).</summary>
    public ReadOnlySpan<byte> Rid => _bytes.AsSpan(0, 5);

    /// <summary>Creates an AID from 5 to 16 bytes.</summary>
    /// <exception cref="FormatException">Wrong length.</exception>
    public static Aid FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is < MinLength or > MaxLength)
            throw new FormatException($"An AID has 5 to 16 bytes, got {bytes.Length}.");
        return new Aid(bytes.ToArray());
    }

    /// <exception cref="FormatException">Not hex or wrong length.</exception>
    public static Aid Parse(string hex) => FromBytes(Hex.Parse(hex));

    public static bool TryParse(string? hex, out Aid? aid)
    {
        aid = null;
        if (hex is null)
            return false;
        try
        {
            aid = Parse(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public bool Equals(Aid? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Aid);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public int CompareTo(Aid? other) => other is null ? 1 : _bytes.AsSpan().SequenceCompareTo(other._bytes);

    public static bool operator ==(Aid? left, Aid? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Aid? left, Aid? right) => !(left == right);

    public static bool operator <(Aid left, Aid right) => left is null ? right is not null : left.CompareTo(right) < 0;

    public static bool operator >(Aid left, Aid right) => left is not null && left.CompareTo(right) > 0;

    public static bool operator <=(Aid left, Aid right) => !(left > right);

    public static bool operator >=(Aid left, Aid right) => !(left < right);

    public override string ToString() => Hex.Format(_bytes);
}
