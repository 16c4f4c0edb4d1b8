using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Scp80;

/// <summary>
/// The compact remote response of ETSI TS 102 226 §5.1.2, carried as the PoR's additional response data: the
/// number of commands executed (1 octet), the last executed command's status word (2 octets), then its response
/// data, if any.
/// </summary>
public sealed record CompactResponse(int ExecutedCommands, ResponseApdu LastResponse)
{
    public byte[] Encode()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ExecutedCommands);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ExecutedCommands, 0xFF);
        var data = LastResponse.Data.Span;
        var output = new byte[3 + data.Length]; // count, SW1 SW2, data
        output[0] = (byte)ExecutedCommands;
        output[1] = LastResponse.StatusWord.Sw1;
        output[2] = LastResponse.StatusWord.Sw2;
        data.CopyTo(output.AsSpan(3));
        return output;
    }

    /// <exception cref="Scp80FormatException">Fewer than 3 octets (fault Malformed).</exception>
    public static CompactResponse Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 3)
            throw new Scp80FormatException($"A compact response has at least 3 octets (count and status word), got {data.Length}.", Scp80Fault.Malformed);
        return new CompactResponse(data[0], new ResponseApdu(data[3..].ToArray(), new StatusWord((ushort)((data[1] << 8) | data[2]))));
    }
}
