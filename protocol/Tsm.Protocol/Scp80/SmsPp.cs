using Tsm.Protocol.Sms.Udh;

namespace Tsm.Protocol.Scp80;

/// <summary>
/// SMS-PP carriage of secured packets (3GPP TS 31.115 §4, formerly TS 23.048): the user data of an 8-bit SM start
/// with a user data header holding IEI <c>70</c> (command packet) or <c>71</c> (response packet), each with length
/// 0, then the packet from CPL/RPL on. SMs carrying packets use TP-PID 7F (SIM data download) and TP-DCS F6
/// (class 2, 8-bit). A packet longer than one SM is split with the concatenation element (IEI 00, 8-bit
/// reference): the 70/71 element goes in the first segment's header only, next to its concatenation element.
/// </summary>
public static class SmsPp
{
    public const byte CommandPacketIei = 0x70;
    public const byte ResponsePacketIei = 0x71;

    /// <summary>TP-PID of SIM data download (3GPP TS 23.040 §9.2.3.9).</summary>
    public const byte ProtocolId = 0x7F;

    /// <summary>TP-DCS: class 2 (SIM specific), 8-bit data (3GPP TS 23.038 §4).</summary>
    public const byte DataCoding = 0xF6;

    /// <summary>The user data of the SM(s) carrying a command packet.</summary>
    public static IReadOnlyList<byte[]> CommandUserData(ReadOnlySpan<byte> packet, byte reference) => Segment(CommandPacketIei, packet, reference);

    /// <summary>The user data of the SM(s) carrying a response packet (PoR).</summary>
    public static IReadOnlyList<byte[]> ResponseUserData(ReadOnlySpan<byte> packet, byte reference) => Segment(ResponsePacketIei, packet, reference);

    private static List<byte[]> Segment(byte iei, ReadOnlySpan<byte> packet, byte reference)
    {
        if (packet.IsEmpty)
            throw new ArgumentException("A secured packet is never empty.", nameof(packet));
        const int single = 3; // UDHL, IEI, IEDL 0
        if (single + packet.Length <= UserDataHeader.MaxUserData)
        {
            var one = new byte[single + packet.Length];
            one[0] = 0x02;
            one[1] = iei;
            packet.CopyTo(one.AsSpan(single));
            return [one];
        }
        const int firstHeader = 1 + 5 + 2; // UDHL, 00 03 ref total seq, IEI 00
        const int nextHeader = 1 + 5; // UDHL, 00 03 ref total seq
        var rest = packet.Length - (UserDataHeader.MaxUserData - firstHeader);
        var room = UserDataHeader.MaxUserData - nextHeader;
        var total = 1 + ((rest + room - 1) / room);
        if (total > 255)
            throw new ArgumentException($"A packet of {packet.Length} octets needs more than 255 SMs.", nameof(packet));
        var parts = new List<byte[]>(total);
        var pos = 0;
        for (var seq = 1; seq <= total; seq++)
        {
            var headerLength = seq == 1 ? firstHeader : nextHeader;
            var take = Math.Min(UserDataHeader.MaxUserData - headerLength, packet.Length - pos);
            var part = new byte[headerLength + take];
            part[0] = (byte)(headerLength - 1);
            part[1] = UserDataHeader.IeiConcat8;
            part[2] = 3;
            part[3] = reference;
            part[4] = (byte)total;
            part[5] = (byte)seq;
            if (seq == 1)
                part[6] = iei; // part[7] = 0, its length
            packet.Slice(pos, take).CopyTo(part.AsSpan(headerLength));
            pos += take;
            parts.Add(part);
        }
        return parts;
    }
}
