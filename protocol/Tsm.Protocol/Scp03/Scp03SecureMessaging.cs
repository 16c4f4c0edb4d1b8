using System.Security.Cryptography;
using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Scp03;

/// <summary>
/// The state both ends of an SCP03 session keep (Amendment D §6.2): the session keys S-ENC, S-MAC and S-RMAC derived
/// from host challenge ‖ card challenge, the 16-byte MAC chaining value (zero before EXTERNAL AUTHENTICATE) and the
/// encryption counter (1 for the first command after EXTERNAL AUTHENTICATE, one more for each command, with or
/// without data). Host and card wrap and unwrap with the same object, so they cannot drift apart.
/// </summary>
public sealed class Scp03SecureMessaging : IDisposable
{
    public const int MacLength = 8;

    private readonly byte[] _sEnc;
    private readonly byte[] _sMac;
    private readonly byte[] _sRMac;
    private byte[] _chainingValue = new byte[16];

    public Scp03SecureMessaging(Scp03KeySet keys, ReadOnlySpan<byte> hostChallenge, ReadOnlySpan<byte> cardChallenge)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Context = [.. hostChallenge, .. cardChallenge];
        _sEnc = Scp03Crypto.SessionKey(keys.Enc, Scp03Crypto.SEncConstant, Context);
        _sMac = Scp03Crypto.SessionKey(keys.Mac, Scp03Crypto.SMacConstant, Context);
        _sRMac = Scp03Crypto.SessionKey(keys.Mac, Scp03Crypto.SRMacConstant, Context);
    }

    /// <summary>Host challenge ‖ card challenge, the context of every derivation in the session.</summary>
    public byte[] Context { get; }

    /// <summary>The counter of the last command (0 before the first).</summary>
    public int EncryptionCounter { get; private set; }

    public byte[] CardCryptogram() => Scp03Crypto.CardCryptogram(_sMac, Context);

    public byte[] HostCryptogram() => Scp03Crypto.HostCryptogram(_sMac, Context);

    /// <summary>
    /// The C-MAC of a command as sent (data already encrypted, MAC not yet appended): CMAC under S-MAC of the chaining
    /// value ‖ CLA (channel bits cleared, secure messaging bit set) ‖ INS ‖ P1 ‖ P2 ‖ Lc (counting the MAC) ‖ data.
    /// The full CMAC becomes the next chaining value; the first 8 bytes are the C-MAC.
    /// </summary>
    public byte[] NextCMac(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data)
    {
        _chainingValue = ComputeCMac(cla, ins, p1, p2, data);
        return _chainingValue[..MacLength];
    }

    /// <summary>Like <see cref="NextCMac"/> but only accepted into the chain when it matches (card side).</summary>
    public bool VerifyCMac(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        var full = ComputeCMac(cla, ins, p1, p2, data);
        if (!CryptographicOperations.FixedTimeEquals(full.AsSpan(0, MacLength), mac))
            return false;
        _chainingValue = full;
        return true;
    }

    /// <summary>The R-MAC of a response: CMAC under S-RMAC of the chaining value (its command's) ‖ data ‖ SW, first 8 bytes.</summary>
    public byte[] RMac(ReadOnlySpan<byte> data, StatusWord statusWord)
    {
        var input = new byte[16 + data.Length + 2];
        _chainingValue.CopyTo(input, 0);
        data.CopyTo(input.AsSpan(16));
        input[^2] = statusWord.Sw1;
        input[^1] = (byte)statusWord.Value;
        return AesCmac.Compute(_sRMac, input)[..MacLength];
    }

    /// <summary>Counts a command (encrypted or not): every wrapped command after EXTERNAL AUTHENTICATE moves the counter on.</summary>
    public void CountCommand() => EncryptionCounter++;

    /// <summary>C-DECRYPTION on the host: pad, AES-CBC under S-ENC with ICV = S-ENC(counter).</summary>
    public byte[] EncryptCommandData(ReadOnlySpan<byte> plain) =>
        Scp03Crypto.EncryptCbc(_sEnc, Icv(response: false), Scp03Crypto.Pad(plain));

    /// <exception cref="Scp03Exception">Not whole blocks or bad padding.</exception>
    public byte[] DecryptCommandData(ReadOnlySpan<byte> encrypted) => Decrypt(encrypted, response: false);

    /// <summary>R-ENCRYPTION on the card: as for commands, with the ICV's first byte set to 80.</summary>
    public byte[] EncryptResponseData(ReadOnlySpan<byte> plain) =>
        Scp03Crypto.EncryptCbc(_sEnc, Icv(response: true), Scp03Crypto.Pad(plain));

    /// <exception cref="Scp03Exception">Not whole blocks or bad padding.</exception>
    public byte[] DecryptResponseData(ReadOnlySpan<byte> encrypted) => Decrypt(encrypted, response: true);

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_sEnc);
        CryptographicOperations.ZeroMemory(_sMac);
        CryptographicOperations.ZeroMemory(_sRMac);
    }

    /// <summary>Lc as the MAC covers it: one byte, or 00 and two bytes when the command travels as an extended APDU.</summary>
    private byte[] ComputeCMac(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data)
    {
        var lc = data.Length + MacLength;
        var lcBytes = lc > CommandApdu.MaxShortNc ? new byte[] { 0x00, (byte)(lc >> 8), (byte)lc } : [(byte)lc];
        var macCla = (cla & 0x40) != 0 ? (byte)((cla & 0xD0) | 0x20) : (byte)((cla & 0xF0) | 0x04);
        var input = new byte[16 + 4 + lcBytes.Length + data.Length];
        _chainingValue.CopyTo(input, 0);
        input[16] = macCla;
        input[17] = ins;
        input[18] = p1;
        input[19] = p2;
        lcBytes.CopyTo(input, 20);
        data.CopyTo(input.AsSpan(20 + lcBytes.Length));
        return AesCmac.Compute(_sMac, input);
    }

    private byte[] Icv(bool response)
    {
        var block = new byte[16];
        var counter = EncryptionCounter;
        for (var i = 15; i >= 12; i--, counter >>= 8)
            block[i] = (byte)counter;
        if (response)
            block[0] = 0x80;
        return Scp03Crypto.EncryptBlock(_sEnc, block);
    }

    private byte[] Decrypt(ReadOnlySpan<byte> encrypted, bool response)
    {
        if (encrypted.IsEmpty || encrypted.Length % Scp03Crypto.BlockSize != 0)
            throw new Scp03Exception("Encrypted data is not a whole number of AES blocks.");
        var plain = Scp03Crypto.DecryptCbc(_sEnc, Icv(response), encrypted);
        if (!Scp03Crypto.TryUnpad(plain, out var data))
            throw new Scp03Exception("Decrypted data has no valid padding.");
        return data.ToArray();
    }
}
