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

    /// <summary>The latest time a serial can name: 5 bytes of seconds reach past the calendar's end (year 9999).</summary>
    private static readonly long MaxSeconds = (DateTimeOffset.MaxValue - Epoch).Ticks / TimeSpan.TicksPerSecond;

    /// <summary>When the serial was made (to the second).</summary>
    public DateTimeOffset CreatedAt => Epoch.AddTicks(SecondsOf(Bytes) * TimeSpan.TicksPerSecond);

    private static long SecondsOf(ReadOnlySpan<byte> bytes)
    {
        Span<byte> eight = stackalloc byte[8];
        eight.Clear();
        bytes[..5].CopyTo(eight[3..]);
        return BinaryPrimitives.ReadInt64BigEndian(eight);
    }

    public static PushSerial New(DateTimeOffset now)
    {
        var bytes = new byte[Length];
        var seconds = Math.Max(0, (now - Epoch).Ticks / TimeSpan.TicksPerSecond);
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(eight, seconds);
        eight[3..].CopyTo(bytes);
        RandomNumberGenerator.Fill(bytes.AsSpan(5));
        return new PushSerial(bytes);
    }

    /// <exception cref="FormatException">Not 10 bytes, or a time past the calendar's end.</exception>
    public static PushSerial FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var serial) ? serial
            : throw new FormatException(bytes.Length == Length ? "A push serial's time is past the calendar's end." : $"A push serial has {Length} bytes, got {bytes.Length}.");

    /// <summary>Reads 10 bytes whose time is one the calendar holds; false otherwise.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out PushSerial serial)
    {
        serial = default;
        if (bytes.Length != Length || SecondsOf(bytes) > MaxSeconds)
            return false;
        serial = new PushSerial(bytes.ToArray());
        return true;
    }

    public static bool TryParse(string? text, out PushSerial serial)
    {
        serial = default;
        return text is not null && text.Length == 2 * Length && text.All(Uri.IsHexDigit) && TryFromBytes(Convert.FromHexString(text), out serial);
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
