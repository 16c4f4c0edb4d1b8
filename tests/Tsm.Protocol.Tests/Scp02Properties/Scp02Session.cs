using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;

namespace Tsm.Protocol.Tests.Scp02Properties;

/// <summary>
/// A host channel and a card channel talking to each other in memory: INITIALIZE UPDATE and EXTERNAL
/// AUTHENTICATE go through their byte encodings, as they would over a reader.
/// </summary>
internal sealed class Scp02Session : IDisposable
{
    public static readonly byte[] GpTestKey = Hex.Parse("404142434445464748494A4B4C4D4E4F");
    public static readonly byte[] KeyDiversificationData = Hex.Parse("0102030405060708090A");
    public const ushort Counter = 0x0010;

    private Scp02Session(Scp02KeySet cardKeys, Scp02KeySet hostKeys, SecurityLevel level, Scp02Parameter parameter)
    {
        CardKeys = cardKeys;
        HostKeys = hostKeys;
        Card = new Scp02CardChannel(cardKeys, Counter, parameter, KeyDiversificationData, Aid.GlobalPlatformIsd.Span);
        Host = new Scp02HostChannel(hostKeys, level, parameter);
    }

    public Scp02KeySet CardKeys { get; }

    public Scp02KeySet HostKeys { get; }

    public Scp02CardChannel Card { get; }

    public Scp02HostChannel Host { get; }

    public InitializeUpdateResponse? InitializeUpdateResponse { get; private set; }

    /// <summary>Creates both sides; <paramref name="hostKey"/> differs from the card's key to simulate a wrong key set.</summary>
    public static Scp02Session Create(SecurityLevel level, Scp02Parameter parameter, byte[]? hostKey = null)
    {
        var cardKeys = Scp02KeySet.FromSingleKey(0x20, GpTestKey);
        var hostKeys = Scp02KeySet.FromSingleKey(0x20, hostKey ?? GpTestKey);
        return new Scp02Session(cardKeys, hostKeys, level, parameter);
    }

    /// <summary>Runs INITIALIZE UPDATE on both sides and returns the host's EXTERNAL AUTHENTICATE (not yet sent).</summary>
    public CommandApdu Initialize()
    {
        var command = CommandApdu.Parse(Host.InitializeUpdate(0x00).ToArray());
        var response = Card.InitializeUpdate(InitializeUpdateCommand.Parse(command));
        var onTheWire = new ResponseApdu(response.ToArray(), StatusWords.Success).ToArray();
        InitializeUpdateResponse = InitializeUpdateResponse.Parse(ResponseApdu.Parse(onTheWire).Data.Span);
        return CommandApdu.Parse(Host.ExternalAuthenticate(InitializeUpdateResponse).ToArray());
    }

    /// <summary>Opens the session and checks that the card accepts it.</summary>
    public static Scp02Session Open(SecurityLevel level, Scp02Parameter parameter)
    {
        var session = Create(level, parameter);
        var externalAuthenticate = session.Initialize();
        Assert.Equal(ExternalAuthenticateOutcome.Authenticated, session.Card.ExternalAuthenticate(externalAuthenticate));
        Assert.True(session.Card.IsAuthenticated);
        Assert.Equal(level, session.Card.Level);
        return session;
    }

    /// <summary>Host wraps, the bytes travel, the card unwraps.</summary>
    public CommandApdu Send(CommandApdu plain, out CommandApdu wrapped)
    {
        wrapped = CommandApdu.Parse(Host.Wrap(plain).ToArray());
        return Card.Unwrap(wrapped);
    }

    public void Dispose()
    {
        Host.Dispose();
        Card.Dispose();
        CardKeys.Dispose();
        HostKeys.Dispose();
    }
}
