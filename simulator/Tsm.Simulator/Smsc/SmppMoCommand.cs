using System.Globalization;
using System.Text;
using Tsm.Protocol;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Simulator.Smsc;

/// <summary>
/// An MO message typed on the SMSC simulator's standard input: <c>mo SYSTEM_ID SOURCE DESTINATION TEXT...</c> (ASCII,
/// data_coding 0) or <c>mo-hex SYSTEM_ID SOURCE DESTINATION HEX [dc=N] [udhi]</c>: the octets as given, data_coding N
/// (default 4, 8-bit binary; SMPP 3.4 §5.2.19), esm_class 0x40 with <c>udhi</c> (the data starts with a user data header).
/// </summary>
public sealed record SmppMoCommand(string SystemId, string Source, string Destination, byte[] Data, byte DataCoding, byte EsmClass)
{
    /// <summary>Parses the words of one line (<c>mo</c> or <c>mo-hex</c> and at least three more).</summary>
    /// <exception cref="FormatException">Bad hex, a bad data_coding, or data beyond one short message.</exception>
    public static SmppMoCommand Parse(IReadOnlyList<string> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count < 4 || parts[0] is not ("mo" or "mo-hex"))
            throw new FormatException("an MO line is 'mo SYSTEM_ID SOURCE DESTINATION TEXT...' or 'mo-hex SYSTEM_ID SOURCE DESTINATION HEX [dc=N] [udhi]'");
        if (parts[0] == "mo")
            return new SmppMoCommand(parts[1], parts[2], parts[3], Encoding.ASCII.GetBytes(string.Join(' ', parts.Skip(4))), 0, 0);
        byte dataCoding = 4;
        byte esmClass = 0;
        var hex = new StringBuilder();
        foreach (var word in parts.Skip(4))
        {
            if (word.StartsWith("dc=", StringComparison.Ordinal))
            {
                if (!byte.TryParse(word.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out dataCoding))
                    throw new FormatException($"'{word}': data_coding is a number in 0..255");
            }
            else if (word == "udhi")
            {
                esmClass = SmppEsmClass.Udhi;
            }
            else
            {
                hex.Append(word);
            }
        }
        var data = Hex.Parse(hex.ToString());
        if (data.Length > 254)
            throw new FormatException($"{data.Length} octets do not fit one short_message (at most 254)");
        return new SmppMoCommand(parts[1], parts[2], parts[3], data, dataCoding, esmClass);
    }
}
