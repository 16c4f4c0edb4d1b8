using System.Security.Cryptography;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;

namespace Tsm.Protocol.Scp02;

/// <summary>Outcome of EXTERNAL AUTHENTICATE on the card side, with the status word GP 2.2.1 §E.5.2.3 gives it.</summary>
public enum ExternalAuthenticateOutcome
{
    /// <summary>9000: the session is open at the requested level.</summary>
    Authenticated,

    /// <summary>6300: the host cryptogram does not verify.</summary>
    HostCryptogramInvalid,

    /// <summary>6982: the C-MAC of EXTERNAL AUTHENTICATE does not verify.</summary>
    MacInvalid,

    /// <summary>6A86: the requested security level is not defined.</summary>
    SecurityLevelInvalid,

    /// <summary>6985: no INITIALIZE UPDATE came before.</summary>
    NotInitialized,
}

/// <summary>
/// The card side of an explicit SCP02 session (GP 2.2.1 Appendix E): answers INITIALIZE UPDATE, verifies
/// EXTERNAL AUTHENTICATE, then verifies and strips C-MAC/C-DEC and adds R-MACs. The owner (the simulated
/// security domain) keeps the sequence counter and increments it when <see cref="ExternalAuthenticate"/> succeeds.
/// </summary>
public sealed class Scp02CardChannel : ICardSecureChannel
{
    private readonly Scp02KeySet _keys;
    private readonly Scp02Parameter _parameter;
    private readonly byte[] _keyDiversificationData;
    private readonly byte[] _aid;
    private readonly ushort _sequenceCounter;
    private readonly Func<byte[]> _randomChallenge;
    private byte[]? _hostChallenge;
    private byte[]? _cardChallenge;
    private Scp02SessionKeys? _sessionKeys;
    private Scp02MacChain? _chain;

    /// <param name="keys">The security domain's key set selected by INITIALIZE UPDATE.</param>
    /// <param name="sequenceCounter">The key set's current sequence counter.</param>
    /// <param name="parameter">The "i" option the card implements.</param>
    /// <param name="keyDiversificationData">10 bytes returned first in the INITIALIZE UPDATE response.</param>
    /// <param name="aid">The security domain's AID (for the pseudo-random card challenge).</param>
    /// <param name="randomChallenge">Source of random card challenges (6 bytes); the system RNG when null. Replaying recorded traces needs it.</param>
    public Scp02CardChannel(Scp02KeySet keys, ushort sequenceCounter, Scp02Parameter parameter, ReadOnlySpan<byte> keyDiversificationData, ReadOnlySpan<byte> aid, Func<byte[]>? randomChallenge = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keyDiversificationData.Length != 10)
            throw new ArgumentException("Key diversification data has 10 bytes.", nameof(keyDiversificationData));
        _keys = keys;
        _sequenceCounter = sequenceCounter;
        _parameter = parameter;
        _keyDiversificationData = keyDiversificationData.ToArray();
        _aid = aid.ToArray();
        _randomChallenge = randomChallenge ?? (static () => RandomNumberGenerator.GetBytes(6));
    }

    public SecurityLevel Level { get; private set; }

    public bool IsAuthenticated => _chain is not null;

    public int SensitiveBlockSize => 8;

    /// <summary>Answers INITIALIZE UPDATE: derives the session keys and the card challenge and cryptogram.</summary>
    public InitializeUpdateResponse InitializeUpdate(InitializeUpdateCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _sessionKeys?.Dispose();
        _chain = null;
        _hostChallenge = command.HostChallenge.ToArray();
        _sessionKeys = new Scp02SessionKeys(_keys, _sequenceCounter);
        _cardChallenge = _parameter.PseudoRandomCardChallenge
            ? Scp02Crypto.PseudoRandomCardChallenge(_sessionKeys.CMacKey, _aid)
            : _randomChallenge();
        if (_cardChallenge.Length != 6)
            throw new InvalidOperationException("A card challenge has 6 bytes.");
        var cryptogram = Scp02Crypto.CardCryptogram(_sessionKeys.Enc, _hostChallenge, _sequenceCounter, _cardChallenge);
        return new InitializeUpdateResponse(_keyDiversificationData, _keys.Version, 0x02, _sequenceCounter, _cardChallenge, cryptogram);
    }

    /// <summary>Verifies EXTERNAL AUTHENTICATE: the host cryptogram, then the C-MAC with a zero ICV (§E.5.2).</summary>
    public ExternalAuthenticateOutcome ExternalAuthenticate(CommandApdu apdu)
    {
        ArgumentNullException.ThrowIfNull(apdu);
        if (_sessionKeys is null || _hostChallenge is null || _cardChallenge is null)
            return ExternalAuthenticateOutcome.NotInitialized;
        ExternalAuthenticateCommand command;
        try
        {
            command = ExternalAuthenticateCommand.Parse(apdu);
        }
        catch (Scp02Exception)
        {
            return ExternalAuthenticateOutcome.MacInvalid;
        }
        // The host cryptogram is checked first: a host with the wrong keys fails here and gets 6300, as cards answer.
        var expectedCryptogram = Scp02Crypto.HostCryptogram(_sessionKeys.Enc, _hostChallenge, _sequenceCounter, _cardChallenge);
        if (!CryptographicOperations.FixedTimeEquals(expectedCryptogram, command.HostCryptogram.Span))
            return ExternalAuthenticateOutcome.HostCryptogramInvalid;
        var chain = new Scp02MacChain(_sessionKeys, _parameter);
        var expectedMac = chain.ComputeCMac(apdu.Cla, apdu.Ins, apdu.P1, apdu.P2, command.HostCryptogram.Span);
        if (!CryptographicOperations.FixedTimeEquals(expectedMac, command.Mac.Span))
            return ExternalAuthenticateOutcome.MacInvalid;
        if (!SecurityLevels.IsValid(command.Level))
            return ExternalAuthenticateOutcome.SecurityLevelInvalid;
        chain.Seed(expectedMac);
        _chain = chain;
        Level = command.Level;
        return ExternalAuthenticateOutcome.Authenticated;
    }

    /// <summary>
    /// Verifies the C-MAC of a command and decrypts its data when C-DEC applies (§E.4.4, §E.4.6); returns
    /// the plain command (secure messaging bit cleared, channel kept).
    /// </summary>
    /// <exception cref="Scp02Exception">Secure messaging missing or wrong (the card answers 6982 and closes the session).</exception>
    public CommandApdu Unwrap(CommandApdu wrapped)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        var chain = _chain ?? throw new Scp02Exception("The secure channel is not open.");
        var hasSm = (wrapped.Cla & 0x40) != 0 ? (wrapped.Cla & 0x20) != 0 : (wrapped.Cla & 0x04) != 0;
        var plainCla = (wrapped.Cla & 0x40) != 0 ? (byte)(wrapped.Cla & 0xDF) : (byte)(wrapped.Cla & 0xFB);
        if ((Level & SecurityLevel.CMac) == 0)
        {
            if ((Level & SecurityLevel.CDecryption) == 0)
            {
                if (hasSm)
                    throw new Scp02Exception("Secure messaging was not negotiated for this session.");
                return wrapped;
            }
            // Level 02: C-DEC without C-MAC (see SecurityLevels.IsValid).
            if (!hasSm)
                throw new Scp02Exception("The command has no secure messaging.");
            return new CommandApdu(plainCla, wrapped.Ins, wrapped.P1, wrapped.P2, Decrypt(wrapped.Data.Span), wrapped.Ne);
        }
        if (!hasSm)
            throw new Scp02Exception("The command has no C-MAC.");
        var data = wrapped.Data.Span;
        if (data.Length < 8)
            throw new Scp02Exception("The command is too short to carry a C-MAC.");
        var mac = data[^8..];
        var body = data[..^8];
        var plain = (Level & SecurityLevel.CDecryption) != 0 ? Decrypt(body) : body.ToArray();
        var expected = chain.ComputeCMac(plainCla, wrapped.Ins, wrapped.P1, wrapped.P2, plain);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
            throw new Scp02Exception("The C-MAC does not verify.");
        chain.Accept(expected);
        return new CommandApdu(plainCla, wrapped.Ins, wrapped.P1, wrapped.P2, plain, wrapped.Ne);
    }

    /// <summary>C-DEC: 3DES-CBC under S-ENC with a zero ICV, then method-2 padding removed; empty data stays empty (§E.4.6).</summary>
    private byte[] Decrypt(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
            return [];
        if (body.Length % 8 != 0)
            throw new Scp02Exception("Encrypted command data is not a whole number of blocks.");
        var decrypted = _sessionKeys!.Enc.DecryptCbc(Scp02Crypto.ZeroIcv, body);
        if (!DesMac.TryUnpad(decrypted, out var unpadded))
            throw new Scp02Exception("Decrypted command data has no valid padding.");
        return unpadded.ToArray();
    }

    /// <summary>Appends the R-MAC to a response when the session uses R-MAC (§E.4.5).</summary>
    public ResponseApdu WrapResponse(CommandApdu plainCommand, ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(plainCommand);
        ArgumentNullException.ThrowIfNull(response);
        var chain = _chain ?? throw new InvalidOperationException("The secure channel is not open.");
        if ((Level & SecurityLevel.RMac) == 0)
            return response;
        var rmac = chain.NextRMac(plainCommand, response.Data.Span, response.StatusWord);
        var isError = response.StatusWord.Sw1 is not (0x90 or 0x61 or 0x62 or 0x63);
        var data = isError ? rmac : [.. response.Data.Span, .. rmac];
        return new ResponseApdu(data, response.StatusWord);
    }

    /// <summary>Decrypts key material sent under the session DEK (§E.4.7).</summary>
    public byte[] DecryptSensitive(ReadOnlySpan<byte> data)
    {
        var keys = _sessionKeys ?? throw new InvalidOperationException("No session.");
        return keys.Dek.DecryptEcb(data);
    }

    /// <summary>Ends the session (error, re-SELECT, power loss).</summary>
    public void Close()
    {
        _chain = null;
        Level = SecurityLevel.None;
    }

    public void Dispose() => _sessionKeys?.Dispose();
}
