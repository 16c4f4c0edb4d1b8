using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tsm.Gateway.Audit;

/// <summary>
/// The audit log's hash chain (docs/security.md, "Audit log"). A row's hash is SHA-256 over its canonical encoding:
/// <code>
/// version      1 byte   (1)
/// seq          8 bytes  signed, big-endian
/// at           8 bytes  UTC ticks, signed, big-endian
/// 9 fields     each a 4-byte big-endian signed length (-1 for null) then that many bytes of UTF-8:
///              actor, roles, region, action, target, outcome, before, after, remote
/// prev_hash    32 bytes (the previous row's hash; 32 zero bytes for seq 1)
/// </code>
/// Length prefixes make the encoding unambiguous: no two different rows encode alike, so no field's text can be
/// shifted into its neighbour, and null stays distinct from "". Pure: no I/O.
/// </summary>
public static class AuditChain
{
    public const int HashLength = 32;

    private const byte Version = 1;

    /// <summary>The prev_hash of the first row: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashLength];

    /// <summary>The first row's prev_hash as stored in <see cref="AuditRecord.PrevHash"/>.</summary>
    public static string GenesisHex { get; } = new('0', 2 * HashLength);

    /// <summary>The hash of <paramref name="row"/> (its <see cref="AuditRecord.Hash"/> is ignored), lower-case hex.</summary>
    public static string Compute(AuditRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var prev = Convert.FromHexString(row.PrevHash);
        if (prev.Length != HashLength)
            throw new ArgumentException("prev_hash must be 32 bytes.", nameof(row));
        return Convert.ToHexStringLower(SHA256.HashData(Encode(row, prev)));
    }

    /// <summary>The canonical encoding of a row with the given prev_hash.</summary>
    public static byte[] Encode(AuditRecord row, ReadOnlySpan<byte> prevHash)
    {
        ArgumentNullException.ThrowIfNull(row);
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write([Version]);
        WriteInt64(buffer, row.Seq);
        WriteInt64(buffer, row.At.UtcTicks);
        foreach (var field in (ReadOnlySpan<string?>)
                 [row.Actor, row.Roles, row.Region, row.Action, row.Target, row.Outcome, row.Before, row.After, row.RemoteAddress])
        {
            WriteField(buffer, field);
        }

        buffer.Write(prevHash);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteField(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), -1);
            buffer.Advance(4);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
        buffer.Advance(Encoding.UTF8.GetBytes(value, buffer.GetSpan(length)));
    }
}
