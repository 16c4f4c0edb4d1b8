using System.Buffers.Binary;
using System.Text;

namespace Tsm.Protocol.Sms.Smpp;

/// <summary>Writes PDU fields into a span sized from the PDU's computed length.</summary>
internal ref struct SmppBodyWriter
{
    private readonly Span<byte> _span;
    private int _position;

    public SmppBodyWriter(Span<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteByte(byte value) => _span[_position++] = value;

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_span[_position..], value);
        _position += 4;
    }

    public void WriteCString(string value)
    {
        _position += Encoding.Latin1.GetBytes(value, _span[_position..]);
        _span[_position++] = 0;
    }

    public void WriteOctets(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_span[_position..]);
        _position += value.Length;
    }

    public void WriteTlvs(IReadOnlyList<SmppTlv> tlvs)
    {
        for (var i = 0; i < tlvs.Count; i++)
        {
            var tlv = tlvs[i];
            BinaryPrimitives.WriteUInt16BigEndian(_span[_position..], tlv.Tag);
            BinaryPrimitives.WriteUInt16BigEndian(_span[(_position + 2)..], (ushort)tlv.Value.Length);
            _position += 4;
            WriteOctets(tlv.Value.Span);
        }
    }
}

/// <summary>Field sizes and checks shared by the PDU encoders.</summary>
internal static class SmppField
{
    /// <summary>Octets of a C-Octet String on the wire (text plus NUL), after checking it against the spec's maximum.</summary>
    public static int CString(string? value, int max, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length + 1 > max)
            throw new ArgumentException($"{name} takes at most {max - 1} characters, got {value.Length}.", name);
        foreach (var c in value)
        {
            if (c is '\0' or > '\u00FF')
                throw new ArgumentException($"{name} contains a character that is not an SMPP octet.", name);
        }
        return value.Length + 1;
    }

    public static int Tlvs(IReadOnlyList<SmppTlv> tlvs)
    {
        var total = 0;
        for (var i = 0; i < tlvs.Count; i++)
        {
            if (tlvs[i].Value.Length > ushort.MaxValue)
                throw new ArgumentException($"TLV 0x{tlvs[i].Tag:X4} is longer than 65535 octets.", nameof(tlvs));
            total += tlvs[i].EncodedLength;
        }
        return total;
    }
}
