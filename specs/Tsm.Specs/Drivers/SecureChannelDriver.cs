using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;

namespace Tsm.Specs.Drivers;

/// <summary>
/// Opens SCP02 sessions between the protocol's host side (as the platform uses it) and its card side (as the
/// simulator uses it), relaying APDUs in memory. Scenario-scoped.
/// </summary>
public sealed class SecureChannelDriver : IDisposable
{
    private static readonly byte[] TestKey = Hex.Parse("404142434445464748494A4B4C4D4E4F");
    private static readonly byte[] KeyDiversificationData = Hex.Parse("00001122334455667788");

    private Scp02KeySet? _cardKeys;
    private Scp02KeySet? _hostKeys;
    private Scp02CardChannel? _card;
    private Scp02HostChannel? _host;

    public ushort SequenceCounter { get; set; }

    public InitializeUpdateResponse? LastInitializeUpdate { get; private set; }

    public ExternalAuthenticateOutcome? Outcome { get; private set; }

    public List<(CommandApdu Plain, CommandApdu Wire, CommandApdu Received)> Exchanges { get; } = [];

    public void GiveCardTestKeys(byte version) => _cardKeys = Scp02KeySet.FromSingleKey(version, TestKey);

    public void GiveHostSameKeys() => _hostKeys = Scp02KeySet.FromSingleKey(_cardKeys!.Version, TestKey);

    public void GiveHostOtherKeys() => _hostKeys = Scp02KeySet.FromSingleKey(_cardKeys!.Version, Hex.Parse("0123456789ABCDEFFEDCBA9876543210"));

    /// <summary>INITIALIZE UPDATE and EXTERNAL AUTHENTICATE; <paramref name="alterCryptogram"/> flips a bit of the host cryptogram and re-MACs nothing.</summary>
    public void Open(SecurityLevel level, byte i, bool alterCryptogram = false)
    {
        _card = new Scp02CardChannel(_cardKeys!, SequenceCounter, new Scp02Parameter(i), KeyDiversificationData, Aid.GlobalPlatformIsd.Span);
        _host = new Scp02HostChannel(_hostKeys!, level, new Scp02Parameter(i));
        var initializeUpdate = _host.InitializeUpdate(_hostKeys!.Version);
        LastInitializeUpdate = _card.InitializeUpdate(InitializeUpdateCommand.Parse(initializeUpdate));
        var externalAuthenticate = _host.ExternalAuthenticate(LastInitializeUpdate);
        if (alterCryptogram)
        {
            var data = externalAuthenticate.Data.ToArray();
            data[0] ^= 0x01;
            externalAuthenticate = externalAuthenticate.With(data: data);
        }
        Outcome = _card.ExternalAuthenticate(externalAuthenticate);
    }

    public CommandApdu Wrap(CommandApdu plain) => _host!.Wrap(plain);

    public CommandApdu Deliver(CommandApdu wire) => _card!.Unwrap(wire);

    public void Send(CommandApdu plain)
    {
        var wire = Wrap(plain);
        Exchanges.Add((plain, wire, Deliver(wire)));
    }

    public ResponseApdu RespondAndVerify(CommandApdu plain, ResponseApdu cardResponse)
    {
        var received = Deliver(Wrap(plain));
        var onWire = _card!.WrapResponse(received, cardResponse);
        return _host!.Unwrap(plain, onWire);
    }

    public void Dispose()
    {
        _card?.Dispose();
        _host?.Dispose();
        _cardKeys?.Dispose();
        _hostKeys?.Dispose();
    }
}
