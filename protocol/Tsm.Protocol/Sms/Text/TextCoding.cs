namespace Tsm.Protocol.Sms.Text;

/// <summary>What the text decoders share.</summary>
internal static class TextCoding
{
    /// <summary>Drops the user data header (UDHL and what it counts, 3GPP TS 23.040 §9.2.3.24); false when it overruns the data.</summary>
    public static bool TrySkipHeader(bool udhi, ref ReadOnlySpan<byte> userData)
    {
        if (!udhi)
            return true;
        if (userData.IsEmpty || 1 + userData[0] > userData.Length)
            return false;
        userData = userData[(1 + userData[0])..];
        return true;
    }
}
