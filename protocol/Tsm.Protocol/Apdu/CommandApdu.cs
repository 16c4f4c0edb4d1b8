using System.Buffers;
using System.Buffers.Binary;

namespace Tsm.Protocol.Apdu;

/// <summary>
/// A command APDU (ISO/IEC 7816-4 §5.1): header CLA INS P1 P2, optional command data (Nc bytes) and an
/// optional expected response length Ne. The four cases follow from whether data and Ne are present;
/// the short form is used when Nc ≤ 255 and Ne ≤ 256, else the extended form (Nc ≤ 65535, Ne ≤ 65536).
/// </summary>
public sealed record CommandApdu
{
    public const int MaxShortNc = 255;
    public const int MaxShortNe = 256;
    public const int MaxExtendedNc = 65535;
    public const int MaxExtendedNe = 65536;

    public CommandApdu(byte cla, byte ins, byte p1, byte p2, ReadOnlyMemory<byte> data = default, int? ne = null, bool forceExtended = false)
    {
        if (data.Length > MaxExtendedNc)
            throw new ArgumentOutOfRangeException(nameof(data), "Command data exceeds 65535 bytes.");
        if (ne is < 1 or > MaxExtendedNe)
            throw new ArgumentOutOfRangeException(nameof(ne), "Ne must be 1..65536.");
        Cla = cla;
        Ins = ins;
        P1 = p1;
        P2 = p2;
        Data = data;
        Ne = ne;
        // A case 1 APDU has no length fields, so it cannot be extended: forcing it would break Parse(ToArray()) equality.
        IsExtended = (forceExtended && (!data.IsEmpty || ne is not null)) || data.Length > MaxShortNc || ne > MaxShortNe;
    }

    public byte Cla { get; }

    public byte Ins { get; }

    public byte P1 { get; }

    public byte P2 { get; }

    /// <summary>Command data (Nc = its length).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Maximum number of response data bytes expected; null when no Le field is sent.</summary>
    public int? Ne { get; }

    /// <summary>Encoded with extended length fields.</summary>
    public bool IsExtended { get; }

    /// <summary>ISO/IEC 7816-3 §12.1.3 case: 1 no data no Le, 2 Le only, 3 data only, 4 both.</summary>
    public int Case => (Data.IsEmpty, Ne is null) switch
    {
        (true, true) => 1,
        (true, false) => 2,
        (false, true) => 3,
        (false, false) => 4,
    };

    /// <summary>The logical channel encoded in CLA (ISO/IEC 7816-4 §5.4.1): 0–3 first interindustry, 4–19 further.</summary>
    public int Channel => (Cla & 0x40) != 0 ? 4 + (Cla & 0x0F) : Cla & 0x03;

    /// <summary>The encoded length.</summary>
    public int EncodedLength =>
        4 // header
        + (Data.IsEmpty ? 0 : (IsExtended ? 3 : 1) + Data.Length) // Lc + data
        + (Ne is null ? 0 : IsExtended ? (Data.IsEmpty ? 3 : 2) : 1); // Le

    /// <summary>Writes the encoded APDU.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = EncodedLength;
        var span = writer.GetSpan(length);
        span[0] = Cla;
        span[1] = Ins;
        span[2] = P1;
        span[3] = P2;
        var pos = 4;
        if (!Data.IsEmpty)
        {
            if (IsExtended)
            {
                span[pos++] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(span[pos..], (ushort)Data.Length);
                pos += 2;
            }
            else
            {
                span[pos++] = (byte)Data.Length;
            }
            Data.Span.CopyTo(span[pos..]);
            pos += Data.Length;
        }
        if (Ne is { } ne)
        {
            if (IsExtended)
            {
                if (Data.IsEmpty)
                    span[pos++] = 0;
                // Ne = 65536 is encoded as 0000 (7816-4 §5.1).
                BinaryPrimitives.WriteUInt16BigEndian(span[pos..], (ushort)(ne == MaxExtendedNe ? 0 : ne));
                pos += 2;
            }
            else
            {
                span[pos++] = (byte)(ne == MaxShortNe ? 0 : ne);
            }
        }
        writer.Advance(pos);
    }

    public byte[] ToArray()
    {
        var buffer = new ArrayBufferWriter<byte>(EncodedLength);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public string ToHex() => Hex.Format(ToArray());

    /// <summary>Decodes any of the seven short and extended encodings of ISO/IEC 7816-3 §12.1.3.</summary>
    /// <exception cref="ApduFormatException">The bytes do not form one command APDU.</exception>
    public static CommandApdu Parse(ReadOnlySpan<byte> apdu)
    {
        if (apdu.Length < 4)
            throw new ApduFormatException($"A command APDU needs at least 4 bytes, got {apdu.Length}.");
        byte cla = apdu[0], ins = apdu[1], p1 = apdu[2], p2 = apdu[3];
        var body = apdu[4..];
        if (body.IsEmpty)
            return new CommandApdu(cla, ins, p1, p2);
        if (body.Length == 1)
            return new CommandApdu(cla, ins, p1, p2, ne: body[0] == 0 ? MaxShortNe : body[0]);
        if (body[0] != 0)
        {
            // Short case 3 or 4.
            var nc = body[0];
            if (body.Length == 1 + nc)
                return new CommandApdu(cla, ins, p1, p2, body.Slice(1, nc).ToArray());
            if (body.Length == 2 + nc)
                return new CommandApdu(cla, ins, p1, p2, body.Slice(1, nc).ToArray(), body[1 + nc] == 0 ? MaxShortNe : body[1 + nc]);
            throw new ApduFormatException($"Lc is {nc} but {body.Length - 1} bytes follow it.");
        }
        // Extended: first byte 00.
        if (body.Length == 3)
        {
            var ne = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
            return new CommandApdu(cla, ins, p1, p2, ne: ne == 0 ? MaxExtendedNe : ne, forceExtended: true);
        }
        if (body.Length < 3)
            throw new ApduFormatException("Extended length field is truncated.");
        var ncExt = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        if (ncExt == 0)
            throw new ApduFormatException("Extended Lc of 0 is not allowed.");
        if (body.Length == 3 + ncExt)
            return new CommandApdu(cla, ins, p1, p2, body.Slice(3, ncExt).ToArray(), forceExtended: true);
        if (body.Length == 5 + ncExt)
        {
            var ne = BinaryPrimitives.ReadUInt16BigEndian(body[(3 + ncExt)..]);
            return new CommandApdu(cla, ins, p1, p2, body.Slice(3, ncExt).ToArray(), ne == 0 ? MaxExtendedNe : ne, forceExtended: true);
        }
        throw new ApduFormatException($"Extended Lc is {ncExt} but {body.Length - 3} bytes follow it.");
    }

    /// <summary>Parses hex text (spaces allowed).</summary>
    public static CommandApdu Parse(string hex) => Parse(Hex.Parse(hex));

    /// <summary>A copy with other header bytes or data, keeping Ne and the length form.</summary>
    public CommandApdu With(byte? cla = null, ReadOnlyMemory<byte>? data = null) =>
        new(cla ?? Cla, Ins, P1, P2, data ?? Data, Ne, IsExtended && (data ?? Data).Length > MaxShortNc);

    public bool Equals(CommandApdu? other) =>
        other is not null && Cla == other.Cla && Ins == other.Ins && P1 == other.P1 && P2 == other.P2
        && Ne == other.Ne && IsExtended == other.IsExtended && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Cla);
        hash.Add(Ins);
        hash.Add(P1);
        hash.Add(P2);
        hash.Add(Ne);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => ToHex();
}
