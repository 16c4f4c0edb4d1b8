using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tsm.Protocol.Sms.Push;

/// <summary>
/// The push serial (requirement 5.8.5.2: unique, its format the platform's own): 10 bytes, written as 20 upper-case hex
/// digits. The first 5 bytes are the creation time in seconds since 2020-01-01 UTC (big-endian), the last 5 are
/// random; the push store's primary key makes a clash (1 in 2^40 within one second) a retry, never a duplicate.
/// </summary>
public readonly record struct PushSerial
{
    public const int Length = 10;

    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ReadOnlyMemory<byte> _bytes;

    private PushSerial(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes.Span;

    /// <summary>When the serial was made (to the second).</summary>
    public DateTimeOffset CreatedAt
    {
        get
        {
            Span<byte> eight = stackalloc byte[8];
            eight.Clear();
            Bytes[..5].CopyTo(eight[3..]);
            return Epoch.AddSeconds(BinaryPrimitives.ReadInt64BigEndian(eight));
        }
    }

    public static PushSerial New(DateTimeOffset now)
    {
        var bytes = new byte[Length];
        var seconds = Math.Max(0, (long)(now - Epoch).TotalSeconds);
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(eight, seconds);
        eight[3..].CopyTo(bytes);
        RandomNumberGenerator.Fill(bytes.AsSpan(5));
        return new PushSerial(bytes);
    }

    public static PushSerial FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new PushSerial(bytes.ToArray()) : throw new FormatException($"A push serial has {Length} bytes, got {bytes.Length}.");

    public static bool TryParse(string? text, out PushSerial serial)
    {
        serial = default;
        if (text is null || text.Length != 2 * Length || !text.All(Uri.IsHexDigit))
            return false;
        serial = new PushSerial(Convert.FromHexString(text));
        return true;
    }

    public static PushSerial Parse(string text) =>
        TryParse(text, out var serial) ? serial : throw new FormatException($"A push serial is {2 * Length} hex digits.");

    public bool Equals(PushSerial other) => Bytes.SequenceEqual(other.Bytes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    public override string ToString() => Convert.ToHexString(Bytes);
}
