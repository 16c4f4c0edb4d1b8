using System.Buffers.Binary;
using System.Text;

namespace Tsm.Protocol.Tests.Sms.Cmpp;

/// <summary>
/// Builds expected PDUs field by field from the layouts in docs/sms.md "CMPP 2.0 / 3.0", independently of the codec's writers:
/// integers big-endian, Octet Strings NUL-padded on the right to their width.
/// </summary>
internal sealed class SpecLayout
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public SpecLayout U8(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public SpecLayout U32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        _bytes.AddRange(b);
        return this;
    }

    public SpecLayout U64(ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        _bytes.AddRange(b);
        return this;
    }

    public SpecLayout Octets(string text, int width)
    {
        var b = Encoding.ASCII.GetBytes(text);
        Assert.True(b.Length <= width);
        _bytes.AddRange(b);
        _bytes.AddRange(new byte[width - b.Length]);
        return this;
    }

    public SpecLayout Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>The header (Total_Length counted from the body built so far) followed by the body.</summary>
    public byte[] WithHeader(uint commandId, uint sequence) =>
        new SpecLayout().U32((uint)(12 + _bytes.Count)).U32(commandId).U32(sequence).Raw([.. _bytes]).ToArray();

    public byte[] ToArray() => [.. _bytes];
}
