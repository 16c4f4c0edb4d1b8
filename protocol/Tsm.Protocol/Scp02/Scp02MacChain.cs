using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;

namespace Tsm.Protocol.Scp02;

/// <summary>
/// The C-MAC and R-MAC chaining state of one session (GP 2.2.1 §E.3, §E.4.4, §E.4.5), identical on both sides
/// so that the host's wrapping and the card's verification come from the same code.
/// </summary>
internal sealed class Scp02MacChain(Scp02SessionKeys keys, Scp02Parameter parameter)
{
    private readonly byte[] _cmacIcv = new byte[8];
    private readonly byte[] _rmacIcv = new byte[8];
    private bool _firstCMac = true;

    /// <summary>The MAC header CLA: secure messaging bit set, logical channel bits counted as zero (§E.4.4).</summary>
    public static byte MacCla(byte cla) =>
        (cla & 0x40) != 0 ? (byte)((cla & 0xF0) | 0x20) : (byte)((cla & 0xFC) | 0x04);

    /// <summary>The CLA on the wire: the secure messaging bit set, the channel kept.</summary>
    public static byte WireCla(byte cla) => (cla & 0x40) != 0 ? (byte)(cla | 0x20) : (byte)(cla | 0x04);

    /// <summary>CLA with secure messaging and channel bits cleared (the "stripped" command of §E.4.5).</summary>
    public static byte PlainCla(byte cla) => (cla & 0x40) != 0 ? (byte)(cla & 0xD0) : (byte)(cla & 0xF8);

    /// <summary>Computes the C-MAC of a command (plaintext data) and makes it the next ICV.</summary>
    public byte[] NextCMac(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> plainData)
    {
        var mac = ComputeCMac(cla, ins, p1, p2, plainData);
        mac.CopyTo(_cmacIcv, 0);
        return mac;
    }

    /// <summary>Computes the C-MAC a command must carry, without advancing the chain.</summary>
    public byte[] ComputeCMac(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> plainData)
    {
        var modified = !parameter.UnmodifiedApduMac;
        var lc = plainData.Length + (modified ? 8 : 0);
        var extended = lc > 255;
        // header (4) + Lc (1 or 3) + data
        var input = new byte[4 + (extended ? 3 : 1) + plainData.Length];
        input[0] = modified ? MacCla(cla) : PlainCla(cla);
        input[1] = ins;
        input[2] = p1;
        input[3] = p2;
        var pos = 4;
        if (extended)
        {
            input[pos++] = 0;
            input[pos++] = (byte)(lc >> 8);
        }
        input[pos++] = (byte)lc;
        plainData.CopyTo(input.AsSpan(pos));
        return DesMac.Retail(keys.CMacK1, keys.CMac, CurrentIcv(), input);
    }

    /// <summary>Makes a verified C-MAC the next ICV (the card chains it even if the command then fails, §E.4.4).</summary>
    public void Accept(ReadOnlySpan<byte> mac) => mac[..8].CopyTo(_cmacIcv);

    /// <summary>Called once EXTERNAL AUTHENTICATE's MAC is verified: it seeds both chains (§E.3.2).</summary>
    public void Seed(ReadOnlySpan<byte> externalAuthenticateMac)
    {
        externalAuthenticateMac[..8].CopyTo(_cmacIcv);
        externalAuthenticateMac[..8].CopyTo(_rmacIcv);
        _firstCMac = false;
    }

    private byte[] CurrentIcv()
    {
        if (_firstCMac)
            return (byte[])_cmacIcv.Clone(); // zero: EXTERNAL AUTHENTICATE, never encrypted (§E.3.2, §E.3.4)
        if (!parameter.IcvEncryption)
            return (byte[])_cmacIcv.Clone();
        var encrypted = new byte[8];
        keys.CMacK1.EncryptBlock(_cmacIcv, encrypted);
        return encrypted;
    }

    /// <summary>R-MAC over the stripped command and the response (§E.4.5), chained through the previous R-MAC.</summary>
    public byte[] NextRMac(CommandApdu plainCommand, ReadOnlySpan<byte> responseData, StatusWord sw)
    {
        var isError = sw.Sw1 is not (0x90 or 0x61 or 0x62 or 0x63);
        var data = plainCommand.Data.Span;
        var lcSize = data.Length > 255 ? 3 : 1;
        // header (4) + Lc + data + Li + response data + SW (2)
        var input = new byte[4 + lcSize + data.Length + 1 + (isError ? 0 : responseData.Length) + 2];
        input[0] = PlainCla(plainCommand.Cla);
        input[1] = plainCommand.Ins;
        input[2] = plainCommand.P1;
        input[3] = plainCommand.P2;
        var pos = 4;
        if (lcSize == 3)
        {
            input[pos++] = 0;
            input[pos++] = (byte)(data.Length >> 8);
        }
        input[pos++] = (byte)data.Length;
        data.CopyTo(input.AsSpan(pos));
        pos += data.Length;
        if (isError)
        {
            input[pos++] = 0;
        }
        else
        {
            input[pos++] = (byte)responseData.Length; // Li: the length modulo 256
            responseData.CopyTo(input.AsSpan(pos));
            pos += responseData.Length;
        }
        input[pos++] = sw.Sw1;
        input[pos] = sw.Sw2;
        var mac = DesMac.Retail(keys.RMacK1, keys.RMac, _rmacIcv, input);
        mac.CopyTo(_rmacIcv, 0);
        return mac;
    }
}
