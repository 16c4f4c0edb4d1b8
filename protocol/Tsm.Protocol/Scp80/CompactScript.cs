using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Scp80;

/// <summary>
/// The compact remote command structure of ETSI TS 102 226 §5.1.1: C-APDUs concatenated, each as the header and
/// one length octet the way T=0 carries it — <c>CLA INS P1 P2 P3</c>, then P3 data octets. For case 3 and case 4
/// commands P3 is Lc (a case 4 command's response data are fetched by the card itself, so Le is not sent); for
/// case 1 P3 is 00; for case 2 P3 is Le and no data follow. Which INS are case 2 is not in the bytes, so a reader
/// must know them: <see cref="IsCase2"/> lists the outgoing-data instructions of ISO 7816-4 and GP that have no
/// command data (GET RESPONSE, GET DATA, READ BINARY, READ RECORD, GET CHALLENGE).
/// </summary>
public static class CompactScript
{
    /// <summary>Whether a compact reader takes P3 of this INS as Le.</summary>
    public static bool IsCase2(byte ins) => ins is 0xC0 or 0xCA or 0xCB or 0xB0 or 0xB2 or 0x84;

    /// <summary>Concatenates the commands.</summary>
    /// <exception cref="ArgumentException">A command does not fit the short form, or a case 2 INS carries data.</exception>
    public static byte[] Encode(IEnumerable<CommandApdu> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var output = new List<byte>();
        foreach (var c in commands)
        {
            if (c.Data.Length > CommandApdu.MaxShortNc)
                throw new ArgumentException($"A compact C-APDU holds at most 255 data octets, got {c.Data.Length}.", nameof(commands));
            if (IsCase2(c.Ins) && !c.Data.IsEmpty)
                throw new ArgumentException($"INS {c.Ins:X2} is read as case 2 in the compact format and cannot carry data.", nameof(commands));
            output.Add(c.Cla);
            output.Add(c.Ins);
            output.Add(c.P1);
            output.Add(c.P2);
            if (!c.Data.IsEmpty)
            {
                output.Add((byte)c.Data.Length);
                output.AddRange(c.Data.Span);
            }
            else
            {
                output.Add(c.Ne is { } ne and > 0 && IsCase2(c.Ins) ? (byte)(ne & 0xFF) : (byte)0x00);
            }
        }
        return [.. output];
    }

    /// <summary>Splits a compact script into its commands.</summary>
    /// <exception cref="Scp80FormatException">A header or its data run past the end (fault Malformed).</exception>
    public static IReadOnlyList<CommandApdu> Decode(ReadOnlySpan<byte> script)
    {
        var commands = new List<CommandApdu>();
        var pos = 0;
        while (pos < script.Length)
        {
            if (script.Length - pos < 5)
                throw new Scp80FormatException($"A compact C-APDU at offset {pos} needs 5 header octets, {script.Length - pos} remain.", Scp80Fault.Malformed);
            var cla = script[pos];
            var ins = script[pos + 1];
            var p1 = script[pos + 2];
            var p2 = script[pos + 3];
            var p3 = script[pos + 4];
            pos += 5;
            if (IsCase2(ins))
            {
                commands.Add(new CommandApdu(cla, ins, p1, p2, ne: p3 == 0 ? 256 : p3));
                continue;
            }
            if (script.Length - pos < p3)
                throw new Scp80FormatException($"A compact C-APDU's P3 {p3} runs past the {script.Length - pos} octets left.", Scp80Fault.Malformed);
            commands.Add(new CommandApdu(cla, ins, p1, p2, script.Slice(pos, p3).ToArray()));
            pos += p3;
        }
        return commands;
    }
}
