using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Protocol.Scp03;
using Tsm.Simulator.Card;

namespace Tsm.Specs.Drivers;

/// <summary>
/// A simulated card of an SCP03 batch and the platform's SCP03 host side (Features/SecureElement/Scp03OnCard.feature):
/// the handshake, wrapped commands with checked answers, and PUT KEY of AES keys.
/// </summary>
public sealed class Scp03CardDriver : IDisposable
{
    public const string IsdAid = "A0000001510000";

    private SimulatedCard? _card;
    private Scp03HostChannel? _host;
    private Scp03KeySet? _keys;

    public StatusWord? ExternalAuthenticateStatus { get; private set; }

    public ResponseApdu? LastResponse { get; private set; }

    public SimulatedCard Card => _card ?? throw new InvalidOperationException("No SCP03 card in this scenario.");

    public void CreateCard(byte keyVersion)
    {
        _card?.Dispose();
        _card = new SimulatedCard(CardFactory.CreateBatch(new SeBatchProfile { FirstSeId = "86000000000000000303", SecureChannel = 0x03, KeyVersion = keyVersion }).Single());
        _card.PowerOn();
    }

    /// <summary>SELECT, INITIALIZE UPDATE, card cryptogram check (throws <see cref="Scp03Exception"/>), EXTERNAL AUTHENTICATE.</summary>
    public void Open(SecurityLevel level, byte keyVersion, byte[] enc, byte[] mac, byte[] dek)
    {
        Close();
        Assert(Card.Transmit(new SelectCommand(Aid.Parse(IsdAid)).ToApdu()));
        _keys = new Scp03KeySet(keyVersion, enc, mac, dek);
        _host = new Scp03HostChannel(_keys, level);
        var answer = Card.Transmit(_host.InitializeUpdate(keyVersion));
        Assert(answer);
        var externalAuthenticate = _host.ExternalAuthenticate(Scp03InitializeUpdateResponse.Parse(answer.Data.Span), Hex.Parse(IsdAid));
        ExternalAuthenticateStatus = Card.Transmit(externalAuthenticate).StatusWord;
    }

    public ResponseApdu Send(CommandApdu plain)
    {
        var host = _host ?? throw new InvalidOperationException("No SCP03 session.");
        return LastResponse = host.Unwrap(Card.Transmit(host.Wrap(plain)));
    }

    public IReadOnlyList<RegistryEntry> Registry(GetStatusScope scope)
    {
        var command = new GetStatusCommand(scope);
        return GetStatusResponse.Parse(Send(command.ToApdu()), command).Entries;
    }

    public ResponseApdu PutKey(byte oldVersion, byte newVersion, byte[] key)
    {
        var host = _host ?? throw new InvalidOperationException("No SCP03 session.");
        var component = new KeyComponent(KeyComponent.Aes, host.EncryptKey(key), Scp03Crypto.KeyCheckValue(key));
        return Send(new PutKeyCommand(oldVersion, 0x01, newVersion, ValueList.Create<KeyComponent>([component, component, component])).ToApdu());
    }

    public IReadOnlyList<KeyInformation> KeyInformation()
    {
        Assert(Card.Transmit(new SelectCommand(Aid.Parse(IsdAid)).ToApdu()));
        var answer = Card.Transmit(CommandApdu.Parse("80CA00E000"));
        Assert(answer);
        return [.. Protocol.GlobalPlatform.KeyInformation.Parse(answer.Data.Span)];
    }

    public void Dispose()
    {
        Close();
        _card?.Dispose();
    }

    private void Close()
    {
        _host?.Dispose();
        _host = null;
        _keys?.Dispose();
        _keys = null;
        ExternalAuthenticateStatus = null;
    }

    private static void Assert(ResponseApdu response)
    {
        if (response.StatusWord != StatusWords.Success)
            throw new InvalidOperationException($"The card answered {response.StatusWord} ({response.StatusWord.Name}).");
    }
}
