using Tsm.Protocol.Sms.Udh;

namespace Tsm.Protocol.Sms.Push;

/// <summary>
/// The wake-up SMS of requirement 5.8.5.3 (figure 5-1), as the binary user data of one short message (8-bit data coding,
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
        Span<byte> payload = stackalloc byte[SeIdLength + PushSerial.Length];
        ParseSeId(SeId).CopyTo(payload);
        Serial.Bytes.CopyTo(payload[SeIdLength..]);
        return UserData.WakeUp(DestinationPort, SourcePort, payload);
    }

    /// <summary>
    /// Reads a wake-up from user data (UDH included); <paramref name="error"/> says why not when it is not one. Other
    /// information elements may come with the port one (the handset's SMS stack keeps them); 16-bit ports are required.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> userData, out WakeUpMessage? message, out string? error)
    {
        message = null;
        if (!UserDataHeader.TryParse(userData, out var header, out var body))
        {
            error = "no well-formed user data header";
            return false;
        }
        if (header!.Ports is not { Is16Bit: true } ports)
        {
            error = "no 16-bit application port in the user data header";
            return false;
        }
        if (body.Length != SeIdLength + PushSerial.Length)
        {
            error = $"the body has {body.Length} bytes, a wake-up has {SeIdLength + PushSerial.Length} (SEID and push serial)";
            return false;
        }
        var span = body.Span;
        if (!PushSerial.TryFromBytes(span[SeIdLength..], out var serial))
        {
            error = "the push serial's time is past the calendar's end";
            return false;
        }
        message = new WakeUpMessage(Convert.ToHexString(span[..SeIdLength]), serial, ports.Destination, ports.Source);
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
