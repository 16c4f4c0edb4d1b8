using System.Security.Cryptography;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;

namespace Tsm.Protocol.Scp02;

/// <summary>
/// The off-card (host) side of an explicit SCP02 session (GP 2.2.1 Appendix E): builds INITIALIZE UPDATE,
/// verifies the card cryptogram, builds EXTERNAL AUTHENTICATE, then wraps every command at the session's
/// security level (C-MAC with ICV chaining, C-DEC) and verifies R-MACs.
/// </summary>
public sealed class Scp02HostChannel : IDisposable
{
    private readonly Scp02KeySet _keys;
    private readonly Scp02Parameter _parameter;
    private byte[]? _hostChallenge;
    private Scp02SessionKeys? _sessionKeys;
    private Scp02MacChain? _chain;

    public Scp02HostChannel(Scp02KeySet keys, SecurityLevel level, Scp02Parameter? parameter = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!SecurityLevels.IsValid(level))
            throw new ArgumentException($"Security level {(byte)level:X2} is not defined for SCP02.", nameof(level));
        _keys = keys;
        Level = level;
        _parameter = parameter ?? Scp02Parameter.I15;
    }

    public SecurityLevel Level { get; }

    /// <summary>True once EXTERNAL AUTHENTICATE has been built from a verified card cryptogram.</summary>
    public bool IsOpen => _chain is not null;

    /// <summary>The session keys, once the card's response is known.</summary>
    public Scp02SessionKeys? SessionKeys => _sessionKeys;

    /// <summary>Starts a session: INITIALIZE UPDATE with a host challenge (random when not given).</summary>
    public CommandApdu InitializeUpdate(byte keyVersion = 0x00, ReadOnlySpan<byte> hostChallenge = default)
    {
        _hostChallenge = hostChallenge.IsEmpty ? RandomNumberGenerator.GetBytes(8) : hostChallenge.ToArray();
        if (_hostChallenge.Length != 8)
            throw new ArgumentException("The host challenge has 8 bytes.", nameof(hostChallenge));
        return new InitializeUpdateCommand(keyVersion, _hostChallenge).ToApdu();
    }

    /// <summary>
    /// Verifies the card cryptogram of the INITIALIZE UPDATE response and returns the EXTERNAL AUTHENTICATE
    /// command, MAC'd with a zero ICV (§E.3.2).
    /// </summary>
    /// <exception cref="Scp02Exception">The card cryptogram does not verify (wrong keys or a false card).</exception>
    public CommandApdu ExternalAuthenticate(InitializeUpdateResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (_hostChallenge is null)
            throw new InvalidOperationException("INITIALIZE UPDATE was not sent.");
        _sessionKeys?.Dispose();
        _sessionKeys = new Scp02SessionKeys(_keys, response.SequenceCounter);
        var expected = Scp02Crypto.CardCryptogram(_sessionKeys.Enc, _hostChallenge, response.SequenceCounter, response.CardChallenge.Span);
        if (!CryptographicOperations.FixedTimeEquals(expected, response.CardCryptogram.Span))
            throw new Scp02Exception("The card cryptogram does not verify: the key set does not match the card's.");
        var hostCryptogram = Scp02Crypto.HostCryptogram(_sessionKeys.Enc, _hostChallenge, response.SequenceCounter, response.CardChallenge.Span);
        var chain = new Scp02MacChain(_sessionKeys, _parameter);
        var mac = chain.ComputeCMac(0x84, ExternalAuthenticateCommand.Ins, (byte)Level, 0x00, hostCryptogram);
        chain.Seed(mac);
        _chain = chain;
        return new ExternalAuthenticateCommand(Level, hostCryptogram, mac).ToApdu();
    }

    /// <summary>Wraps a plain command at the session's security level (§E.4.4, §E.4.6).</summary>
    public CommandApdu Wrap(CommandApdu plain)
    {
        ArgumentNullException.ThrowIfNull(plain);
        var chain = _chain ?? throw new InvalidOperationException("The secure channel is not open.");
        if ((Level & SecurityLevel.CMac) == 0)
        {
            if ((Level & SecurityLevel.CDecryption) == 0)
                return plain;
            // Level 02: C-DEC without C-MAC (see SecurityLevels.IsValid).
            var encryptedOnly = plain.Data.IsEmpty ? [] : _sessionKeys!.Enc.EncryptCbc(Scp02Crypto.ZeroIcv, DesMac.Pad(plain.Data.Span));
            return new CommandApdu(Scp02MacChain.WireCla(plain.Cla), plain.Ins, plain.P1, plain.P2, encryptedOnly, plain.Ne, encryptedOnly.Length > CommandApdu.MaxShortNc);
        }
        var mac = chain.NextCMac(plain.Cla, plain.Ins, plain.P1, plain.P2, plain.Data.Span);
        ReadOnlySpan<byte> body = plain.Data.Span;
        byte[]? encrypted = null;
        if ((Level & SecurityLevel.CDecryption) != 0 && !body.IsEmpty)
        {
            // C-DEC: pad and encrypt with S-ENC in CBC, ICV zero; an empty data field stays empty (§E.4.6).
            encrypted = _sessionKeys!.Enc.EncryptCbc(Scp02Crypto.ZeroIcv, DesMac.Pad(body));
            body = encrypted;
        }
        var data = new byte[body.Length + 8];
        body.CopyTo(data);
        mac.CopyTo(data, body.Length);
        return new CommandApdu(Scp02MacChain.WireCla(plain.Cla), plain.Ins, plain.P1, plain.P2, data, plain.Ne, data.Length > CommandApdu.MaxShortNc);
    }

    /// <summary>
    /// Checks and strips the R-MAC of a response when the session uses R-MAC (§E.4.5); otherwise returns the response.
    /// </summary>
    /// <exception cref="Scp02Exception">The R-MAC is missing or wrong.</exception>
    public ResponseApdu Unwrap(CommandApdu plainCommand, ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(plainCommand);
        ArgumentNullException.ThrowIfNull(response);
        var chain = _chain ?? throw new InvalidOperationException("The secure channel is not open.");
        if ((Level & SecurityLevel.RMac) == 0)
            return response;
        if (response.Data.Length < 8)
            throw new Scp02Exception("The response has no R-MAC.");
        var data = response.Data[..^8];
        var expected = chain.NextRMac(plainCommand, data.Span, response.StatusWord);
        if (!CryptographicOperations.FixedTimeEquals(expected, response.Data.Span[^8..]))
            throw new Scp02Exception("The R-MAC does not verify.");
        return new ResponseApdu(data, response.StatusWord);
    }

    /// <summary>Encrypts key material with the session DEK for PUT KEY (§E.4.7).</summary>
    public byte[] EncryptSensitive(ReadOnlySpan<byte> data)
    {
        var keys = _sessionKeys ?? throw new InvalidOperationException("The secure channel is not open.");
        return keys.Dek.EncryptEcb(data);
    }

    public void Dispose() => _sessionKeys?.Dispose();
}
