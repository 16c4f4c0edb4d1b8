namespace Tsm.Protocol.Sms.Push;

/// <summary>
/// The wake-up SMS of seed 5.8.5.3 (figure 5-1), as the binary user data of one short message (8-bit data coding,
/// UDHI set): the user data header <c>06 05 04 DDDD SSSS</c> (UDHL 6, IEI 05 = 16-bit application port addressing of
/// 3GPP TS 23.040 §9.2.3.24.4, destination port, source port), then the SEID as 10 bytes (its 20 hex digits packed)
/// and the push serial (10 bytes): 27 octets in all, the same over SMPP and CMPP. docs/push-sms.md shows the layout.
/// </summary>
public sealed record WakeUpMessage(string SeId, PushSerial Serial, ushort DestinationPort, ushort SourcePort)
{
    public const int SeIdLength = 10;
    public const int HeaderLength = 7;
    public const int Length = HeaderLength + SeIdLength + PushSerial.Length;

    /// <summary>The user data (UDH included) to send with UDHI set and 8-bit data coding.</summary>
    public byte[] ToUserData()
    {
        var seId = ParseSeId(SeId);
        var data = new byte[Length];
        data[0] = 0x06; // UDHL
        data[1] = 0x05; // IEI: application port addressing, 16-bit
        data[2] = 0x04; // IEDL
        data[3] = (byte)(DestinationPort >> 8);
        data[4] = (byte)DestinationPort;
        data[5] = (byte)(SourcePort >> 8);
        data[6] = (byte)SourcePort;
        seId.CopyTo(data.AsSpan(HeaderLength));
        Serial.Bytes.CopyTo(data.AsSpan(HeaderLength + SeIdLength));
        return data;
    }

    /// <summary>
    /// Reads a wake-up from user data (UDH included); <paramref name="error"/> says why not when it is not one. Other
    /// information elements may come with the port one (the handset's SMS stack keeps them); the ports are required.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> userData, out WakeUpMessage? message, out string? error)
    {
        message = null;
        if (userData.Length < 1 || userData[0] + 1 > userData.Length)
        {
            error = "no user data header";
            return false;
        }
        var header = userData.Slice(1, userData[0]);
        var body = userData[(1 + userData[0])..];
        ushort? destination = null, source = null;
        while (header.Length > 0)
        {
            if (header.Length < 2 || header[1] + 2 > header.Length)
            {
                error = "malformed user data header";
                return false;
            }
            var iei = header[0];
            var element = header.Slice(2, header[1]);
            if (iei == 0x05 && element.Length == 4)
            {
                destination = (ushort)(element[0] << 8 | element[1]);
                source = (ushort)(element[2] << 8 | element[3]);
            }
            header = header[(2 + header[1])..];
        }
        if (destination is null)
        {
            error = "no 16-bit application port in the user data header";
            return false;
        }
        if (body.Length != SeIdLength + PushSerial.Length)
        {
            error = $"the body has {body.Length} bytes, a wake-up has {SeIdLength + PushSerial.Length} (SEID and push serial)";
            return false;
        }
        message = new WakeUpMessage(Convert.ToHexString(body[..SeIdLength]), PushSerial.FromBytes(body[SeIdLength..]), destination.Value, source!.Value);
        error = null;
        return true;
    }

    private static byte[] ParseSeId(string seId)
    {
        if (seId.Length != 2 * SeIdLength || !seId.All(Uri.IsHexDigit))
            throw new FormatException($"An SEID is {2 * SeIdLength} hex digits.");
        return Convert.FromHexString(seId);
    }
}
