using System.Buffers.Binary;

namespace Tsm.Protocol.Sms.Udh;

/// <summary>One information element of a user data header (3GPP TS 23.040 §9.2.3.24): IEI, IEDL, data.</summary>
public readonly record struct UdhElement(byte Iei, ReadOnlyMemory<byte> Data);

/// <summary>Application port addressing (IEI 04: 8-bit ports, IEI 05: 16-bit ports).</summary>
public readonly record struct UdhPorts(ushort Destination, ushort Source, bool Is16Bit = true);

/// <summary>Concatenation (IEI 00: 8-bit reference, IEI 08: 16-bit reference); parts are numbered from 1.</summary>
public readonly record struct UdhConcatenation(ushort Reference, byte Total, byte Sequence, bool Is16BitReference = false);

/// <summary>
/// A user data header: UDHL (the length of the elements that follow) then IEs. SMPP marks its presence with
/// esm_class 0x40 (UDHI), CMPP with TP_udhi = 1. Shared by both protocols; pure, no I/O.
/// </summary>
public sealed record UserDataHeader(IReadOnlyList<UdhElement> Elements)
{
    public const byte IeiConcat8 = 0x00;
    public const byte IeiPorts8 = 0x04;
    public const byte IeiPorts16 = 0x05;
    public const byte IeiConcat16 = 0x08;

    /// <summary>Octets of user data one 8-bit SM holds.</summary>
    public const int MaxUserData = 140;

    /// <summary>Octets on the wire, UDHL included.</summary>
    public int Length => 1 + Elements.Sum(e => 2 + e.Data.Length);

    /// <summary>The port element, if present (16-bit preferred when both are).</summary>
    public UdhPorts? Ports
    {
        get
        {
            foreach (var e in Elements)
            {
                if (e.Iei == IeiPorts16 && e.Data.Length == 4)
                    return new UdhPorts(BinaryPrimitives.ReadUInt16BigEndian(e.Data.Span), BinaryPrimitives.ReadUInt16BigEndian(e.Data.Span[2..]));
            }
            foreach (var e in Elements)
            {
                if (e.Iei == IeiPorts8 && e.Data.Length == 2)
                    return new UdhPorts(e.Data.Span[0], e.Data.Span[1], Is16Bit: false);
            }
            return null;
        }
    }

    /// <summary>The concatenation element, if present.</summary>
    public UdhConcatenation? Concatenation
    {
        get
        {
            foreach (var e in Elements)
            {
                var d = e.Data.Span;
                if (e.Iei == IeiConcat8 && d.Length == 3)
                    return new UdhConcatenation(d[0], d[1], d[2]);
                if (e.Iei == IeiConcat16 && d.Length == 4)
                    return new UdhConcatenation(BinaryPrimitives.ReadUInt16BigEndian(d), d[2], d[3], Is16BitReference: true);
            }
            return null;
        }
    }

    /// <summary>A header with the given port and concatenation elements (ports first, as in <c>0B 05 04 dd dd ss ss 00 03 rr tt nn</c>).</summary>
    public static UserDataHeader Create(UdhPorts? ports = null, UdhConcatenation? concatenation = null)
    {
        var elements = new List<UdhElement>(2);
        if (ports is { } p)
        {
            if (p.Is16Bit)
            {
                var data = new byte[4];
                BinaryPrimitives.WriteUInt16BigEndian(data, p.Destination);
                BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), p.Source);
                elements.Add(new UdhElement(IeiPorts16, data));
            }
            else
            {
                if (p.Destination > 0xFF || p.Source > 0xFF)
                    throw new ArgumentOutOfRangeException(nameof(ports), "8-bit application ports are 0..255.");
                elements.Add(new UdhElement(IeiPorts8, new[] { (byte)p.Destination, (byte)p.Source }));
            }
        }
        if (concatenation is { } c)
        {
            if (c.Total == 0 || c.Sequence == 0 || c.Sequence > c.Total)
                throw new ArgumentOutOfRangeException(nameof(concatenation), "Concatenation parts are numbered 1..total.");
            if (c.Is16BitReference)
                elements.Add(new UdhElement(IeiConcat16, new[] { (byte)(c.Reference >> 8), (byte)c.Reference, c.Total, c.Sequence }));
            else if (c.Reference > 0xFF)
                throw new ArgumentOutOfRangeException(nameof(concatenation), "An 8-bit concatenation reference is 0..255.");
            else
                elements.Add(new UdhElement(IeiConcat8, new[] { (byte)c.Reference, c.Total, c.Sequence }));
        }
        return new UserDataHeader(elements);
    }

    /// <summary>The header's octets, UDHL first.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        Write(bytes);
        return bytes;
    }

    /// <summary>Writes the header (UDHL first) and returns the octets written.</summary>
    public int Write(Span<byte> destination)
    {
        var length = Length;
        if (length - 1 > 0xFF)
            throw new InvalidOperationException("A user data header holds at most 255 octets of elements.");
        destination[0] = (byte)(length - 1);
        var pos = 1;
        foreach (var e in Elements)
        {
            destination[pos++] = e.Iei;
            destination[pos++] = (byte)e.Data.Length;
            e.Data.Span.CopyTo(destination[pos..]);
            pos += e.Data.Length;
        }
        return pos;
    }

    /// <summary>Splits user data that starts with a header (UDHI set) into the header and the payload after it.</summary>
    /// <exception cref="FormatException">UDHL runs past the data, or an element's length runs past UDHL.</exception>
    public static (UserDataHeader Header, ReadOnlyMemory<byte> Payload) Parse(ReadOnlyMemory<byte> userData)
    {
        var span = userData.Span;
        if (span.IsEmpty)
            throw new FormatException("User data with UDHI set is empty: no UDHL.");
        var udhl = span[0];
        if (1 + udhl > span.Length)
            throw new FormatException($"UDHL {udhl} runs past the {span.Length} octets of user data.");
        var elements = new List<UdhElement>(2);
        var pos = 1;
        while (pos < 1 + udhl)
        {
            if (pos + 2 > 1 + udhl)
                throw new FormatException($"An IE header at offset {pos} runs past UDHL.");
            var iei = span[pos];
            var iedl = span[pos + 1];
            if (pos + 2 + iedl > 1 + udhl)
                throw new FormatException($"IE 0x{iei:X2} needs {iedl} octets, past UDHL.");
            elements.Add(new UdhElement(iei, userData.Slice(pos + 2, iedl)));
            pos += 2 + iedl;
        }
        return (new UserDataHeader(elements), userData[(1 + udhl)..]);
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> userData, out UserDataHeader? header, out ReadOnlyMemory<byte> payload)
    {
        try
        {
            (header, payload) = Parse(userData);
            return true;
        }
        catch (FormatException)
        {
            header = null;
            payload = default;
            return false;
        }
    }
}

/// <summary>Builders for the user data the TSM sends.</summary>
public static class UserData
{
    /// <summary>The wake-up push header <c>06 05 04 dstHi dstLo srcHi srcLo</c> (16-bit application ports).</summary>
    public static byte[] WakeUpHeader(ushort destinationPort, ushort sourcePort) =>
        UserDataHeader.Create(new UdhPorts(destinationPort, sourcePort)).ToArray();

    /// <summary>The wake-up header followed by <paramref name="payload"/> (at most 133 octets in one 8-bit SM).</summary>
    public static byte[] WakeUp(ushort destinationPort, ushort sourcePort, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > UserDataHeader.MaxUserData - 7)
            throw new ArgumentException($"A port-addressed SM holds at most {UserDataHeader.MaxUserData - 7} octets after the header.", nameof(payload));
        var bytes = new byte[7 + payload.Length];
        UserDataHeader.Create(new UdhPorts(destinationPort, sourcePort)).Write(bytes);
        payload.CopyTo(bytes.AsSpan(7));
        return bytes;
    }

    /// <summary>
    /// Splits a payload into 8-bit SMs of at most 140 octets, each with the ports (if any) and, when more than one SM
    /// is needed, a concatenation element with <paramref name="reference"/>.
    /// </summary>
    public static IReadOnlyList<byte[]> Segment(ReadOnlySpan<byte> payload, UdhPorts? ports, ushort reference, bool sixteenBitReference = false)
    {
        var single = ports is null ? 0 : UserDataHeader.Create(ports).Length;
        if (single + payload.Length <= UserDataHeader.MaxUserData)
        {
            var one = new byte[single + payload.Length];
            if (ports is not null)
                UserDataHeader.Create(ports).Write(one);
            payload.CopyTo(one.AsSpan(single));
            return [one];
        }
        var headerLength = UserDataHeader.Create(ports, new UdhConcatenation(reference, 1, 1, sixteenBitReference)).Length;
        var room = UserDataHeader.MaxUserData - headerLength;
        var total = (payload.Length + room - 1) / room;
        if (total > 255)
            throw new ArgumentException("The payload needs more than 255 parts.", nameof(payload));
        var parts = new List<byte[]>(total);
        for (var i = 0; i < total; i++)
        {
            var chunk = payload.Slice(i * room, Math.Min(room, payload.Length - (i * room)));
            var header = UserDataHeader.Create(ports, new UdhConcatenation(reference, (byte)total, (byte)(i + 1), sixteenBitReference));
            var part = new byte[headerLength + chunk.Length];
            header.Write(part);
            chunk.CopyTo(part.AsSpan(headerLength));
            parts.Add(part);
        }
        return parts;
    }
}
