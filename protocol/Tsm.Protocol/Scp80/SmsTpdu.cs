namespace Tsm.Protocol.Scp80;

/// <summary>
/// The two SM TPDUs that carry SCP80 packets (3GPP TS 23.040 §9.2.2): SMS-DELIVER (MTI 00, towards the SIM) and
/// SMS-SUBMIT (MTI 01, the PoR from the SIM), with 8-bit user data only. <see cref="Address"/> is the originating
/// address of a DELIVER, the destination of a SUBMIT, digits with a leading '+' when international.
/// </summary>
public sealed record SmsTpdu(bool IsDeliver, string Address, byte ProtocolId, byte DataCoding, byte MessageReference, bool HasUserDataHeader, byte[] UserData)
{
    private const byte Udhi = 0x40;

    /// <summary>An SMS-DELIVER: TP-MMS set (no more messages), TP-SCTS from <paramref name="timestamp"/> in UTC.</summary>
    public static byte[] EncodeDeliver(string originatingAddress, DateTimeOffset timestamp, ReadOnlySpan<byte> userData, bool hasUserDataHeader = true,
        byte protocolId = SmsPp.ProtocolId, byte dataCoding = SmsPp.DataCoding)
    {
        RequireUserData(userData);
        var address = EncodeAddress(originatingAddress);
        var output = new List<byte>(2 + address.Length + 2 + 7 + 1 + userData.Length)
        {
            (byte)(0x04 | (hasUserDataHeader ? Udhi : 0)), // MTI 00, TP-MMS 1
        };
        output.AddRange(address);
        output.Add(protocolId);
        output.Add(dataCoding);
        var utc = timestamp.UtcDateTime;
        foreach (var part in new[] { utc.Year % 100, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, 0 })
            output.Add((byte)(((part % 10) << 4) | (part / 10))); // semi-octets, low digit first; time zone 0
        output.Add((byte)userData.Length);
        output.AddRange(userData);
        return [.. output];
    }

    /// <summary>An SMS-SUBMIT without a validity period (TP-VPF 00).</summary>
    public static byte[] EncodeSubmit(byte messageReference, string destinationAddress, ReadOnlySpan<byte> userData, bool hasUserDataHeader = true,
        byte protocolId = SmsPp.ProtocolId, byte dataCoding = SmsPp.DataCoding)
    {
        RequireUserData(userData);
        var output = new List<byte> { (byte)(0x01 | (hasUserDataHeader ? Udhi : 0)), messageReference };
        output.AddRange(EncodeAddress(destinationAddress));
        output.Add(protocolId);
        output.Add(dataCoding);
        output.Add((byte)userData.Length);
        output.AddRange(userData);
        return [.. output];
    }

    /// <summary>Reads an SMS-DELIVER or SMS-SUBMIT with 8-bit data.</summary>
    /// <exception cref="Scp80FormatException">Truncated, another TPDU type, or not 8-bit data.</exception>
    public static SmsTpdu Parse(ReadOnlySpan<byte> tpdu)
    {
        var reader = new Reader(tpdu);
        var first = reader.Byte();
        var mti = first & 0x03;
        if (mti is not (0 or 1))
            throw new Scp80FormatException($"TP-MTI {mti} is neither SMS-DELIVER nor SMS-SUBMIT.", Scp80Fault.Malformed);
        var deliver = mti == 0;
        byte reference = deliver ? (byte)0 : reader.Byte();
        var address = reader.Address();
        var pid = reader.Byte();
        var dcs = reader.Byte();
        if (deliver)
        {
            reader.Skip(7); // TP-SCTS
        }
        else
        {
            reader.Skip(((first >> 3) & 0x03) switch { 0 => 0, 2 => 1, _ => 7 }); // TP-VP: none, relative, enhanced or absolute
        }
        if (!IsEightBit(dcs))
            throw new Scp80FormatException($"TP-DCS {dcs:X2} is not 8-bit data.", Scp80Fault.Unsupported);
        var udl = reader.Byte();
        var data = reader.Bytes(udl);
        if (!reader.AtEnd)
            throw new Scp80FormatException("Octets follow the user data.", Scp80Fault.Malformed);
        return new SmsTpdu(deliver, address, pid, dcs, reference, (first & Udhi) != 0, data);
    }

    /// <summary>8-bit data: general coding group 00xx with alphabet 01, or group 1111 with bit 2 set (TS 23.038 §4).</summary>
    public static bool IsEightBit(byte dcs) => (dcs & 0xC0) == 0x00 ? (dcs & 0x0C) == 0x04 : (dcs & 0xF0) == 0xF0 && (dcs & 0x04) != 0;

    private static void RequireUserData(ReadOnlySpan<byte> userData)
    {
        if (userData.Length > 140)
            throw new ArgumentException($"One SM holds at most 140 octets of user data, got {userData.Length}.", nameof(userData));
    }

    private static byte[] EncodeAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var international = address.StartsWith('+');
        var digits = international ? address[1..] : address;
        if (digits.Length is 0 or > 20 || !digits.All(char.IsAsciiDigit))
            throw new ArgumentException($"An SM address is 1 to 20 digits, optionally after '+': '{address}'.", nameof(address));
        var output = new byte[2 + ((digits.Length + 1) / 2)];
        output[0] = (byte)digits.Length;
        output[1] = international ? (byte)0x91 : (byte)0x81;
        for (var i = 0; i < digits.Length; i += 2)
        {
            var low = digits[i] - '0';
            var high = i + 1 < digits.Length ? digits[i + 1] - '0' : 0xF;
            output[2 + (i / 2)] = (byte)((high << 4) | low);
        }
        return output;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public readonly bool AtEnd => _pos == _data.Length;

        public byte Byte()
        {
            Need(1);
            return _data[_pos++];
        }

        public byte[] Bytes(int count)
        {
            Need(count);
            var bytes = _data.Slice(_pos, count).ToArray();
            _pos += count;
            return bytes;
        }

        public void Skip(int count)
        {
            Need(count);
            _pos += count;
        }

        public string Address()
        {
            var length = Byte();
            if (length > 20)
                throw new Scp80FormatException($"An address of {length} digits is longer than 20.", Scp80Fault.Malformed);
            var toa = Byte();
            var octets = Bytes((length + 1) / 2);
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                var nibble = (i % 2 == 0 ? octets[i / 2] : octets[i / 2] >> 4) & 0x0F;
                chars[i] = nibble < 10 ? (char)('0' + nibble) : "*#abc"[Math.Min(nibble - 10, 4)];
            }
            return ((toa & 0x70) == 0x10 ? "+" : "") + new string(chars);
        }

        private readonly void Need(int count)
        {
            if (_data.Length - _pos < count)
                throw new Scp80FormatException($"The TPDU ends at octet {_data.Length}, {count} more were needed at {_pos}.", Scp80Fault.Malformed);
        }
    }
}
