using System.Buffers.Binary;
using System.Text;

namespace Tsm.Protocol.Sms.Smpp;

/// <summary>
/// Reads the mandatory fields of one PDU body (SMPP 3.4 §3.1 field types). Every failure is a
/// <see cref="SmppFormatException"/> carrying the status to answer; nothing else escapes.
/// </summary>
internal ref struct SmppBodyReader
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly SmppHeader _header;
    private int _position;

    public SmppBodyReader(ReadOnlySpan<byte> body, SmppHeader header)
    {
        _body = body;
        _header = header;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _body.Length;

    public byte ReadByte()
    {
        if (_position >= _body.Length)
            throw Fail("body ends before a 1-octet field", SmppStatus.RINVCMDLEN);
        return _body[_position++];
    }

    public uint ReadUInt32()
    {
        if (_body.Length - _position < 4)
            throw Fail("body ends before a 4-octet field", SmppStatus.RINVCMDLEN);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_body[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>A C-Octet String of at most <paramref name="max"/> octets counting its NUL.</summary>
    /// <param name="name">The field's spec name, for the message.</param>
    /// <param name="max">Largest size allowed, NUL included.</param>
    /// <param name="tooLongStatus">The status when the string is longer than allowed.</param>
    public string ReadCString(string name, int max, uint tooLongStatus)
    {
        var rest = _body[_position..];
        var nul = rest.IndexOf((byte)0);
        if (nul < 0)
            throw Fail($"{name} is not NUL-terminated before the end of the body", SmppStatus.RINVCMDLEN);
        if (nul + 1 > max)
            throw Fail($"{name} is {nul + 1} octets, more than its maximum {max}", tooLongStatus);
        _position += nul + 1;
        return nul == 0 ? string.Empty : Encoding.Latin1.GetString(rest[..nul]);
    }

    /// <summary>A C-Octet String that a response may leave out altogether when its status is not 0 (§4.4.2).</summary>
    public string ReadOptionalCString(string name, int max, uint tooLongStatus) =>
        AtEnd ? string.Empty : ReadCString(name, max, tooLongStatus);

    public byte[] ReadOctets(int length, string name)
    {
        if (_body.Length - _position < length)
            throw Fail($"{name} needs {length} octets, {_body.Length - _position} left", SmppStatus.RINVMSGLEN);
        var value = length == 0 ? [] : _body.Slice(_position, length).ToArray();
        _position += length;
        return value;
    }

    /// <summary>The TLVs that fill the rest of the body.</summary>
    public IReadOnlyList<SmppTlv> ReadTlvs()
    {
        if (AtEnd)
            return [];
        var list = new List<SmppTlv>(2);
        while (!AtEnd)
        {
            if (_body.Length - _position < 4)
                throw Fail("a TLV header is truncated", SmppStatus.RINVOPTPARSTREAM);
            var tag = BinaryPrimitives.ReadUInt16BigEndian(_body[_position..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(_body[(_position + 2)..]);
            _position += 4;
            if (_body.Length - _position < length)
                throw Fail($"TLV 0x{tag:X4} needs {length} octets, {_body.Length - _position} left", SmppStatus.RINVOPTPARSTREAM);
            list.Add(new SmppTlv(tag, _body.Slice(_position, length).ToArray()));
            _position += length;
        }
        return list;
    }

    /// <summary>For PDUs without TLVs: anything left over is a bad command_length.</summary>
    public readonly void ExpectEnd()
    {
        if (!AtEnd)
            throw Fail($"{_body.Length - _position} octets after the last field", SmppStatus.RINVCMDLEN);
    }

    public readonly SmppFormatException Fail(string message, uint status) =>
        new($"{SmppCommands.Name(_header.CommandId) ?? $"0x{_header.CommandId:X8}"}: {message}", status, _header.CommandId, _header.Sequence, isFraming: false);
}
