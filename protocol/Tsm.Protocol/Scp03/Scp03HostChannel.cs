using System.Security.Cryptography;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;

namespace Tsm.Protocol.Scp03;

/// <summary>
/// The off-card (host) side of an SCP03 session (Amendment D §6, §7): INITIALIZE UPDATE, verification of the card
/// cryptogram, EXTERNAL AUTHENTICATE, then every command wrapped at the session's level (C-MAC chaining, C-DECRYPTION)
/// and every response checked (R-MAC) and decrypted (R-ENCRYPTION).
/// </summary>
public sealed class Scp03HostChannel : IDisposable
{
    private readonly Scp03KeySet _keys;
    private byte[]? _hostChallenge;
    private Scp03SecureMessaging? _messaging;
    private bool _open;

    public Scp03HostChannel(Scp03KeySet keys, SecurityLevel level)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!new Scp03Parameter(0x70).Allows(level))
            throw new ArgumentException($"Security level {(byte)level:X2} is not defined for SCP03 (00, 01, 03, 11, 13, 33).", nameof(level));
        _keys = keys;
        Level = level;
    }

    public SecurityLevel Level { get; }

    public bool IsOpen => _open;

    /// <summary>INITIALIZE UPDATE with an 8-byte host challenge (random when not given).</summary>
    public CommandApdu InitializeUpdate(byte keyVersion = 0x00, ReadOnlySpan<byte> hostChallenge = default)
    {
        _hostChallenge = hostChallenge.IsEmpty ? RandomNumberGenerator.GetBytes(Scp03Crypto.ChallengeLength) : hostChallenge.ToArray();
        if (_hostChallenge.Length != Scp03Crypto.ChallengeLength)
            throw new ArgumentException("The host challenge has 8 bytes.", nameof(hostChallenge));
        return new InitializeUpdateCommand(keyVersion, _hostChallenge).ToApdu();
    }

    /// <summary>
    /// Verifies the card cryptogram (and, given the SD's AID, a pseudo-random card challenge) and returns EXTERNAL
    /// AUTHENTICATE: the host cryptogram and its C-MAC, chained from zero.
    /// </summary>
    /// <exception cref="Scp03Exception">The card does not know these keys, or cannot run the session at this level.</exception>
    public CommandApdu ExternalAuthenticate(Scp03InitializeUpdateResponse response, ReadOnlySpan<byte> securityDomainAid = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (_hostChallenge is null)
            throw new InvalidOperationException("INITIALIZE UPDATE was not sent.");
        _messaging?.Dispose();
        _open = false;
        _messaging = new Scp03SecureMessaging(_keys, _hostChallenge, response.CardChallenge.Span);
        if (!CryptographicOperations.FixedTimeEquals(_messaging.CardCryptogram(), response.CardCryptogram.Span))
            throw new Scp03Exception("The card cryptogram does not verify: the key set does not match the card's.");
        if (response.Parameter.PseudoRandomCardChallenge && !securityDomainAid.IsEmpty && response.SequenceCounter is { } counter
            && !CryptographicOperations.FixedTimeEquals(Scp03Crypto.PseudoRandomCardChallenge(_keys.Enc, counter, securityDomainAid), response.CardChallenge.Span))
            throw new Scp03Exception("The pseudo-random card challenge does not match the sequence counter and AID.");
        if (!response.Parameter.Allows(Level))
            throw new Scp03Exception($"The card (i = {response.Parameter}) does not offer security level {(byte)Level:X2}.");
        var hostCryptogram = _messaging.HostCryptogram();
        var mac = _messaging.NextCMac(0x84, 0x82, (byte)Level, 0x00, hostCryptogram);
        _open = true;
        return new CommandApdu(0x84, 0x82, (byte)Level, 0x00, (byte[])[.. hostCryptogram, .. mac]);
    }

    /// <summary>Wraps a plain command: C-DECRYPTION of its data when the level asks, then the C-MAC.</summary>
    public CommandApdu Wrap(CommandApdu plain)
    {
        ArgumentNullException.ThrowIfNull(plain);
        var messaging = Messaging();
        if ((Level & SecurityLevel.CMac) == 0)
            return plain;
        messaging.CountCommand();
        var body = (Level & SecurityLevel.CDecryption) != 0 && !plain.Data.IsEmpty
            ? messaging.EncryptCommandData(plain.Data.Span)
            : plain.Data.ToArray();
        var cla = WireCla(plain.Cla);
        var mac = messaging.NextCMac(cla, plain.Ins, plain.P1, plain.P2, body);
        byte[] data = [.. body, .. mac];
        return new CommandApdu(cla, plain.Ins, plain.P1, plain.P2, data, plain.Ne, data.Length > CommandApdu.MaxShortNc);
    }

    /// <summary>
    /// Checks the R-MAC and undoes R-ENCRYPTION of a response. Error status words (not 9000, 62xx, 63xx) carry
    /// neither and pass as they are.
    /// </summary>
    /// <exception cref="Scp03Exception">R-MAC missing or wrong, or bad encryption.</exception>
    public ResponseApdu Unwrap(ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var messaging = Messaging();
        if ((Level & SecurityLevel.RMac) == 0 || !IsProtected(response.StatusWord))
            return response;
        if (response.Data.Length < Scp03SecureMessaging.MacLength)
            throw new Scp03Exception("The response has no R-MAC.");
        var data = response.Data[..^Scp03SecureMessaging.MacLength];
        if (!CryptographicOperations.FixedTimeEquals(messaging.RMac(data.Span, response.StatusWord), response.Data.Span[^Scp03SecureMessaging.MacLength..]))
            throw new Scp03Exception("The R-MAC does not verify.");
        if ((Level & SecurityLevel.REncryption) != 0 && !data.IsEmpty)
            return new ResponseApdu(messaging.DecryptResponseData(data.Span), response.StatusWord);
        return new ResponseApdu(data, response.StatusWord);
    }

    /// <summary>A key for PUT KEY (key type 88): its length, then the key encrypted under the static Key-DEK.</summary>
    public byte[] EncryptKey(ReadOnlySpan<byte> key) => Scp03Crypto.EncryptKey(_keys.Dek, key);

    public void Dispose() => _messaging?.Dispose();

    /// <summary>Responses with 9000 or a warning (62xx, 63xx) are protected; errors come back as a bare status word.</summary>
    internal static bool IsProtected(StatusWord sw) => sw == StatusWords.Success || sw.Sw1 is 0x62 or 0x63;

    /// <summary>CLA on the wire: the secure messaging indication set, the logical channel kept.</summary>
    internal static byte WireCla(byte cla) => (cla & 0x40) != 0 ? (byte)(cla | 0x20) : (byte)(cla | 0x04);

    private Scp03SecureMessaging Messaging() =>
        _open && _messaging is { } messaging ? messaging : throw new InvalidOperationException("The secure channel is not open.");
}
