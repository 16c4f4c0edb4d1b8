using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;
using Tsm.Protocol.Scp03;
using Tsm.Simulator.Card.Applets;

namespace Tsm.Simulator.Card;

// Secure channel handling and command routing (GP 2.2.1 §10, Appendix E).
public sealed partial class SimulatedCard
{
    private const byte InsInitializeUpdate = 0x50;
    private const byte InsExternalAuthenticate = 0x82;

    /// <summary>Commands a security domain only accepts inside an authenticated secure channel (GP 2.2.1 §11.1.7).</summary>
    private static bool NeedsAuthentication(byte ins) => ins is 0xE6 or 0xE8 or 0xE4 or 0xF0 or 0xD8 or 0xE2 or 0xF2;

    private ResponseApdu ProcessForSecurityDomain(LogicalChannel channel, CommandApdu command)
    {
        var sd = channel.Selected!;
        switch (command.Ins)
        {
            case InsInitializeUpdate:
                return InitializeUpdate(channel, sd, command);
            case InsExternalAuthenticate:
                return ExternalAuthenticate(channel, command);
        }
        if (!TryUnwrap(channel, command, out var plain, out var error))
            return error;
        if (NeedsAuthentication(plain.Ins) && channel.Session is not { IsAuthenticated: true })
            return Status(StatusWords.SecurityStatusNotSatisfied);
        var response = plain.Ins switch
        {
            0xCA or 0xCB => GetData(channel, plain),
            0xF2 => GetStatus(channel, plain),
            0xE6 => Install(channel, plain),
            0xE8 => Load(channel, plain),
            0xE4 => Delete(channel, plain),
            0xF0 => SetStatus(channel, plain),
            0xD8 => PutKey(channel, plain),
            0xE2 => StoreData(channel, plain),
            _ => Status(StatusWords.InsNotSupported),
        };
        return WrapResponse(channel, plain, response);
    }

    /// <summary>
    /// An applet's commands: INITIALIZE UPDATE / EXTERNAL AUTHENTICATE go to its security domain's secure channel
    /// (the GP SecureChannel API, GP 2.2.1 §8.1.7); wrapped commands are unwrapped before the applet sees them.
    /// </summary>
    private ResponseApdu ProcessForApplet(LogicalChannel channel, CommandApdu command)
    {
        var app = channel.Selected!;
        switch (command.Ins)
        {
            case InsInitializeUpdate when (command.Cla & 0x80) != 0:
                var sd = FindApplication(app.AssociatedSd);
                return sd is null ? Status(StatusWords.ConditionsNotSatisfied) : InitializeUpdate(channel, sd, command);
            case InsExternalAuthenticate when (command.Cla & 0x80) != 0:
                return ExternalAuthenticate(channel, command);
        }
        if (!TryUnwrap(channel, command, out var plain, out var error))
            return error;
        var inOwnerChannel = channel.Session is { IsAuthenticated: true } session
            && (session.Level & SecurityLevel.CMac) != 0
            && session.SecurityDomain.Aid == app.AssociatedSd;
        var context = new AppletContext(app, inOwnerChannel)
        {
            DecryptSensitive = data => inOwnerChannel ? DecryptSensitive(channel, data) : null,
        };
        var response = BehaviourOf(app).Process(plain, context);
        if (context.Changed)
            MarkChanged();
        return WrapResponse(channel, plain, response);
    }

    /// <summary>INITIALIZE UPDATE (GP 2.2.1 §E.5.1): picks the key set, starts a session (any earlier one ends).</summary>
    private ResponseApdu InitializeUpdate(LogicalChannel channel, ApplicationRecord sd, CommandApdu command)
    {
        channel.CloseSession();
        if ((command.Cla & 0xFC) != 0x80)
            return Status(StatusWords.ClaNotSupported);
        InitializeUpdateCommand request;
        try
        {
            request = InitializeUpdateCommand.Parse(command);
        }
        catch (Scp02Exception)
        {
            return Status(StatusWords.WrongLength);
        }
        if (command.P2 != 0x00)
            return Status(StatusWords.IncorrectP1P2);
        var domain = sd.SecurityDomain!;
        if (domain.IsBlocked)
            return Status(StatusWords.AuthenticationMethodBlocked);
        var keySet = request.KeyVersion == 0x00
            ? domain.KeySets.FirstOrDefault()
            : domain.KeySets.FirstOrDefault(k => k.Version == request.KeyVersion);
        if (keySet is null)
            return Status(StatusWords.ReferencedDataNotFound);
        // The counter never wraps (§E.1.2): a key set at its limit cannot open sessions any more.
        if (keySet.SequenceCounter == ushort.MaxValue)
            return Status(StatusWords.ConditionsNotSatisfied);
        if (keySet.Scp == 0x03)
            return InitializeScp03Session(channel, sd, keySet, request);
        var keys = new Scp02KeySet(keySet.Version, Hex.Parse(keySet.Enc), Hex.Parse(keySet.Mac), Hex.Parse(keySet.Dek));
        var card = new Scp02CardChannel(keys, keySet.SequenceCounter, new Scp02Parameter(_image.ScpI), Hex.Parse(_image.KeyDiversificationData), Hex.Parse(sd.Aid));
        var answer = card.InitializeUpdate(request);
        channel.Session = new SecureSession(sd, keySet, keys, card);
        return new ResponseApdu(answer.ToArray(), StatusWords.Success);
    }

    /// <summary>
    /// INITIALIZE UPDATE for an SCP03 key set (GP Amendment D §7.1.1): the answer carries the sequence counter the
    /// pseudo-random card challenge came from, and the counter moves on at once, so no challenge is ever given twice.
    /// </summary>
    private ResponseApdu InitializeScp03Session(LogicalChannel channel, ApplicationRecord sd, KeySetRecord keySet, InitializeUpdateCommand request)
    {
        var keys = new Scp03KeySet(keySet.Version, Hex.Parse(keySet.Enc), Hex.Parse(keySet.Mac), Hex.Parse(keySet.Dek));
        var card = new Scp03CardChannel(keys, new Scp03Parameter(_image.Scp03I), Hex.Parse(_image.KeyDiversificationData), Hex.Parse(sd.Aid), keySet.SequenceCounter);
        var answer = card.InitializeUpdate(request);
        keySet.SequenceCounter++;
        MarkChanged();
        channel.Session = new SecureSession(sd, keySet, keys, card);
        return new ResponseApdu(answer.ToArray(), StatusWords.Success);
    }

    /// <summary>
    /// EXTERNAL AUTHENTICATE (GP 2.2.1 §E.5.2): on success the key set's sequence counter goes up by one (§E.1.2);
    /// a failure counts against the SD's maximum consecutive failures (CMS2AC tag 48) and ends the session.
    /// </summary>
    private ResponseApdu ExternalAuthenticate(LogicalChannel channel, CommandApdu command)
    {
        var session = channel.Session;
        if (session is null || session.IsAuthenticated)
        {
            channel.CloseSession();
            return Status(StatusWords.ConditionsNotSatisfied);
        }
        var domain = session.SecurityDomain.SecurityDomain!;
        var outcome = session.Channel.ExternalAuthenticate(command);
        switch (outcome)
        {
            case ExternalAuthenticateOutcome.Authenticated:
                if (session.KeySet.Scp != 0x03)
                    session.KeySet.SequenceCounter++; // SCP03 counts INITIALIZE UPDATEs instead
                domain.FailedAuthentications = 0;
                MarkChanged();
                return Status(StatusWords.Success);
            case ExternalAuthenticateOutcome.SecurityLevelInvalid:
                channel.CloseSession();
                return Status(StatusWords.IncorrectP1P2);
            case ExternalAuthenticateOutcome.NotInitialized:
                channel.CloseSession();
                return Status(StatusWords.ConditionsNotSatisfied);
            default:
                domain.FailedAuthentications++;
                MarkChanged();
                channel.CloseSession();
                return Status(outcome == ExternalAuthenticateOutcome.HostCryptogramInvalid
                    ? StatusWords.AuthenticationFailed
                    : StatusWords.SecurityStatusNotSatisfied);
        }
    }

    /// <summary>
    /// Removes secure messaging. Inside a session at C-MAC level a command without it, or with a wrong MAC, is
    /// refused with 6982 and the session ends (GP 2.2.1 §10.2.3, §E.4.4).
    /// </summary>
    private bool TryUnwrap(LogicalChannel channel, CommandApdu command, out CommandApdu plain, out ResponseApdu error)
    {
        plain = command;
        error = Status(StatusWords.Success);
        var hasSecureMessaging = (command.Cla & 0x04) != 0;
        var session = channel.Session;
        if (session is not { IsAuthenticated: true })
        {
            if (!hasSecureMessaging)
                return true;
            channel.CloseSession();
            error = Status(StatusWords.SecurityStatusNotSatisfied);
            return false;
        }
        if ((session.Level & (SecurityLevel.CMac | SecurityLevel.CDecryption)) == 0)
        {
            if (!hasSecureMessaging)
                return true;
            channel.CloseSession();
            error = Status(StatusWords.SecurityStatusNotSatisfied);
            return false;
        }
        if (!hasSecureMessaging)
        {
            // GET DATA may be read in the clear during a session (it is allowed before authentication too).
            if (command.Ins is 0xCA or 0xCB)
                return true;
            channel.CloseSession();
            error = Status(StatusWords.SecurityStatusNotSatisfied);
            return false;
        }
        try
        {
            plain = session.Channel.Unwrap(command);
            return true;
        }
        catch (Exception ex) when (ex is Scp02Exception or Scp03Exception)
        {
            channel.CloseSession();
            error = Status(StatusWords.SecurityStatusNotSatisfied);
            return false;
        }
    }

    private static ResponseApdu WrapResponse(LogicalChannel channel, CommandApdu plain, ResponseApdu response)
    {
        if (channel.Session is { IsAuthenticated: true } session && (session.Level & SecurityLevel.RMac) != 0)
            return session.Channel.WrapResponse(plain, response);
        return response;
    }

    /// <summary>Decrypts sensitive data: SCP02 with the session DEK (GP 2.2.1 §E.4.7), SCP03 with the static Key-DEK.</summary>
    private static byte[]? DecryptSensitive(LogicalChannel channel, ReadOnlySpan<byte> data)
    {
        if (channel.Session is not { IsAuthenticated: true } session || data.Length % session.Channel.SensitiveBlockSize != 0 || data.IsEmpty)
            return null;
        return session.Channel.DecryptSensitive(data);
    }
}
