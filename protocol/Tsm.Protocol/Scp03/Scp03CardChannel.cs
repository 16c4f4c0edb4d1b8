using System.Security.Cryptography;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;

namespace Tsm.Protocol.Scp03;

/// <summary>
/// The card side of an SCP03 session (Amendment D §6, §7): answers INITIALIZE UPDATE with a random or pseudo-random
/// card challenge, verifies EXTERNAL AUTHENTICATE, then verifies C-MACs, decrypts command data, and adds R-MACs and
/// R-ENCRYPTION. The security domain that owns it keeps the sequence counter (3 bytes) and moves it on after every
/// INITIALIZE UPDATE it answers.
/// </summary>
public sealed class Scp03CardChannel : ICardSecureChannel
{
    private readonly Scp03KeySet _keys;
    private readonly Scp03Parameter _parameter;
    private readonly byte[] _keyDiversificationData;
    private readonly byte[] _aid;
    private readonly int _sequenceCounter;
    private readonly Func<byte[]> _randomChallenge;
    private Scp03SecureMessaging? _messaging;
    private bool _authenticated;

    /// <param name="keys">The key set INITIALIZE UPDATE named.</param>
    /// <param name="parameter">The "i" the card implements.</param>
    /// <param name="keyDiversificationData">10 bytes returned first in the response.</param>
    /// <param name="aid">The security domain's AID (context of the pseudo-random card challenge).</param>
    /// <param name="sequenceCounter">The key set's sequence counter (0 to FFFFFF).</param>
    /// <param name="randomChallenge">Source of 8-byte random challenges; the system RNG when null.</param>
    public Scp03CardChannel(Scp03KeySet keys, Scp03Parameter parameter, ReadOnlySpan<byte> keyDiversificationData, ReadOnlySpan<byte> aid, int sequenceCounter, Func<byte[]>? randomChallenge = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keyDiversificationData.Length != 10)
            throw new ArgumentException("Key diversification data has 10 bytes.", nameof(keyDiversificationData));
        if (sequenceCounter is < 0 or > 0xFFFFFF)
            throw new ArgumentOutOfRangeException(nameof(sequenceCounter), "The SCP03 sequence counter has 3 bytes.");
        _keys = keys;
        _parameter = parameter;
        _keyDiversificationData = keyDiversificationData.ToArray();
        _aid = aid.ToArray();
        _sequenceCounter = sequenceCounter;
        _randomChallenge = randomChallenge ?? (static () => RandomNumberGenerator.GetBytes(Scp03Crypto.ChallengeLength));
    }

    public SecurityLevel Level { get; private set; }

    public bool IsAuthenticated => _authenticated;

    public int SensitiveBlockSize => Scp03Crypto.BlockSize;

    /// <summary>Answers INITIALIZE UPDATE: card challenge, session keys and card cryptogram.</summary>
    public Scp03InitializeUpdateResponse InitializeUpdate(InitializeUpdateCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Close();
        _messaging?.Dispose();
        var cardChallenge = _parameter.PseudoRandomCardChallenge
            ? Scp03Crypto.PseudoRandomCardChallenge(_keys.Enc, _sequenceCounter, _aid)
            : _randomChallenge();
        if (cardChallenge.Length != Scp03Crypto.ChallengeLength)
            throw new InvalidOperationException("A card challenge has 8 bytes.");
        _messaging = new Scp03SecureMessaging(_keys, command.HostChallenge.Span, cardChallenge);
        return new Scp03InitializeUpdateResponse(
            _keyDiversificationData, _keys.Version, _parameter, cardChallenge, _messaging.CardCryptogram(),
            _parameter.PseudoRandomCardChallenge ? _sequenceCounter : null);
    }

    /// <summary>Verifies EXTERNAL AUTHENTICATE (host cryptogram first, then its C-MAC from a zero chaining value).</summary>
    public ExternalAuthenticateOutcome ExternalAuthenticate(CommandApdu apdu)
    {
        ArgumentNullException.ThrowIfNull(apdu);
        if (_messaging is null || _authenticated)
            return ExternalAuthenticateOutcome.NotInitialized;
        if (apdu.Ins != 0x82 || apdu.Data.Length != 16)
            return ExternalAuthenticateOutcome.MacInvalid;
        var data = apdu.Data.Span;
        if (!CryptographicOperations.FixedTimeEquals(_messaging.HostCryptogram(), data[..8]))
            return ExternalAuthenticateOutcome.HostCryptogramInvalid;
        if (!_messaging.VerifyCMac(apdu.Cla, apdu.Ins, apdu.P1, apdu.P2, data[..8], data[8..]))
            return ExternalAuthenticateOutcome.MacInvalid;
        var level = (SecurityLevel)apdu.P1;
        if (!_parameter.Allows(level))
            return ExternalAuthenticateOutcome.SecurityLevelInvalid;
        Level = level;
        _authenticated = true;
        return ExternalAuthenticateOutcome.Authenticated;
    }

    /// <summary>Verifies the C-MAC and decrypts the data of a command; returns it with the secure messaging bit cleared.</summary>
    /// <exception cref="Scp03Exception">No or wrong secure messaging (the card answers 6982 and ends the session).</exception>
    public CommandApdu Unwrap(CommandApdu wrapped)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        var messaging = _authenticated && _messaging is { } m ? m : throw new Scp03Exception("The secure channel is not open.");
        var hasSm = (wrapped.Cla & 0x40) != 0 ? (wrapped.Cla & 0x20) != 0 : (wrapped.Cla & 0x04) != 0;
        var plainCla = (wrapped.Cla & 0x40) != 0 ? (byte)(wrapped.Cla & 0xDF) : (byte)(wrapped.Cla & 0xFB);
        if ((Level & SecurityLevel.CMac) == 0)
        {
            if (hasSm)
                throw new Scp03Exception("Secure messaging was not negotiated for this session.");
            return wrapped;
        }
        if (!hasSm)
            throw new Scp03Exception("The command has no C-MAC.");
        var data = wrapped.Data.Span;
        if (data.Length < Scp03SecureMessaging.MacLength)
            throw new Scp03Exception("The command is too short to carry a C-MAC.");
        var body = data[..^Scp03SecureMessaging.MacLength];
        if (!messaging.VerifyCMac(wrapped.Cla, wrapped.Ins, wrapped.P1, wrapped.P2, body, data[^Scp03SecureMessaging.MacLength..]))
            throw new Scp03Exception("The C-MAC does not verify.");
        messaging.CountCommand();
        var plain = (Level & SecurityLevel.CDecryption) != 0 && !body.IsEmpty ? messaging.DecryptCommandData(body) : body.ToArray();
        return new CommandApdu(plainCla, wrapped.Ins, wrapped.P1, wrapped.P2, plain, wrapped.Ne);
    }

    /// <summary>Adds R-ENCRYPTION and the R-MAC to a 9000 or warning response at levels that ask; errors stay bare.</summary>
    public ResponseApdu WrapResponse(CommandApdu plainCommand, ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(plainCommand);
        ArgumentNullException.ThrowIfNull(response);
        var messaging = _authenticated && _messaging is { } m ? m : throw new InvalidOperationException("The secure channel is not open.");
        if ((Level & SecurityLevel.RMac) == 0 || !Scp03HostChannel.IsProtected(response.StatusWord))
            return response;
        var data = (Level & SecurityLevel.REncryption) != 0 && !response.Data.IsEmpty
            ? messaging.EncryptResponseData(response.Data.Span)
            : response.Data.ToArray();
        return new ResponseApdu((byte[])[.. data, .. messaging.RMac(data, response.StatusWord)], response.StatusWord);
    }

    /// <summary>SCP03 has no session DEK: sensitive data is AES-CBC (zero ICV) under the static Key-DEK.</summary>
    public byte[] DecryptSensitive(ReadOnlySpan<byte> data) => Scp03Crypto.DecryptCbc(_keys.Dek, new byte[Scp03Crypto.BlockSize], data);

    /// <summary>Decrypts a PUT KEY key data block (key type 88) under Key-DEK; null when malformed.</summary>
    public byte[]? DecryptKey(ReadOnlySpan<byte> block) => Scp03Crypto.DecryptKey(_keys.Dek, block);

    public void Close()
    {
        _authenticated = false;
        Level = SecurityLevel.None;
    }

    public void Dispose() => _messaging?.Dispose();
}
