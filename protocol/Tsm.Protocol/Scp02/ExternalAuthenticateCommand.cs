using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Scp02;

/// <summary>EXTERNAL AUTHENTICATE <c>84 82 SL 00 10 hostCryptogram(8) C-MAC(8)</c> (GP 2.2.1 §E.5.2).</summary>
public sealed record ExternalAuthenticateCommand(SecurityLevel Level, ReadOnlyMemory<byte> HostCryptogram, ReadOnlyMemory<byte> Mac)
{
    public const byte Ins = 0x82;

    public CommandApdu ToApdu()
    {
        var data = new byte[16];
        HostCryptogram.Span.CopyTo(data);
        Mac.Span.CopyTo(data.AsSpan(8));
        return new CommandApdu(0x84, Ins, (byte)Level, 0x00, data);
    }

    /// <exception cref="Scp02Exception">Not an EXTERNAL AUTHENTICATE or the data is not 16 bytes.</exception>
    public static ExternalAuthenticateCommand Parse(CommandApdu apdu)
    {
        ArgumentNullException.ThrowIfNull(apdu);
        if (apdu.Ins != Ins)
            throw new Scp02Exception("Not an EXTERNAL AUTHENTICATE command.");
        if (apdu.Data.Length != 16)
            throw new Scp02Exception("EXTERNAL AUTHENTICATE carries 16 bytes: host cryptogram and C-MAC.");
        return new ExternalAuthenticateCommand((SecurityLevel)apdu.P1, apdu.Data[..8].ToArray(), apdu.Data[8..].ToArray());
    }
}
