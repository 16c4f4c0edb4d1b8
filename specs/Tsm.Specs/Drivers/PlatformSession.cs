using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;

namespace Tsm.Specs.Drivers;

/// <summary>
/// The platform's side of one SCP02 session with a security domain of a simulated SE, built from Tsm.Protocol's host
/// primitives only: SELECT, INITIALIZE UPDATE, verify the card cryptogram, EXTERNAL AUTHENTICATE, then wrapped
/// commands on one logical channel. (Adapted from the simulator tests' HostSession, without assertions.)
/// </summary>
public sealed class PlatformSession : IDisposable
{
    private readonly Scp02KeySet _keys;

    private PlatformSession(SimulatedCard card, Scp02HostChannel host, Scp02KeySet keys, byte channel, string sdAid)
    {
        Card = card;
        Host = host;
        _keys = keys;
        Channel = channel;
        SecurityDomainAid = sdAid;
    }

    public SimulatedCard Card { get; }

    public Scp02HostChannel Host { get; }

    public byte Channel { get; }

    public string SecurityDomainAid { get; }

    public StatusWord SelectStatus { get; private set; }

    public StatusWord InitializeUpdateStatus { get; private set; }

    /// <summary>The card's answer to EXTERNAL AUTHENTICATE, or null when the handshake stopped earlier.</summary>
    public StatusWord? ExternalAuthenticateStatus { get; private set; }

    public bool IsOpen => ExternalAuthenticateStatus == StatusWords.Success;

    /// <summary>
    /// Runs the handshake as far as the card lets it go; the SWs are kept. Throws <see cref="Scp02Exception"/> when the
    /// card cryptogram does not verify (the platform then refuses the card, as a real host does).
    /// </summary>
    public static PlatformSession Open(SimulatedCard card, SecurityLevel level, string sdAid, Scp02KeySet keys, byte keyVersion, byte channel = 0)
    {
        ArgumentNullException.ThrowIfNull(card);
        var session = new PlatformSession(card, new Scp02HostChannel(keys, level), keys, channel, sdAid);
        session.SelectStatus = card.Transmit(new SelectCommand(Aid.Parse(sdAid)).ToApdu().With(cla: channel)).StatusWord;
        if (session.SelectStatus != StatusWords.Success)
            return session;
        var initUpdate = card.Transmit(session.Host.InitializeUpdate(keyVersion).With(cla: (byte)(0x80 | channel)));
        session.InitializeUpdateStatus = initUpdate.StatusWord;
        if (initUpdate.StatusWord != StatusWords.Success)
            return session;
        var externalAuthenticate = session.Host.ExternalAuthenticate(InitializeUpdateResponse.Parse(initUpdate.Data.Span));
        session.ExternalAuthenticateStatus = card.Transmit(externalAuthenticate.With(cla: (byte)(0x84 | channel))).StatusWord;
        return session;
    }

    /// <summary>Wraps, sends and unwraps one command (R-MAC verified at levels 11 and 13).</summary>
    public ResponseApdu Send(CommandApdu plain)
    {
        ArgumentNullException.ThrowIfNull(plain);
        var onChannel = plain.With(cla: (byte)((plain.Cla & 0xFC) | Channel));
        var response = Card.Transmit(Host.Wrap(onChannel));
        return Host.Unwrap(onChannel, response);
    }

    /// <summary>Sends and insists on 9000.</summary>
    public ResponseApdu Ok(CommandApdu plain)
    {
        var response = Send(plain);
        if (response.StatusWord != StatusWords.Success)
            throw new InvalidOperationException($"{plain.ToHex()} answered {response.StatusWord} ({response.StatusWord.Name}).");
        return response;
    }

    public void Dispose()
    {
        Host.Dispose();
        _keys.Dispose();
    }
}
