using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Protocol.Scp03;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>The platform's side of an SCP03 session with a simulated card, from Tsm.Protocol's SCP03 host primitives only.</summary>
internal sealed class Scp03HostSession : IDisposable
{
    private Scp03HostSession(SimulatedCard card, Scp03HostChannel host, Scp03InitializeUpdateResponse initializeUpdate, ResponseApdu externalAuthenticate)
    {
        Card = card;
        Host = host;
        InitializeUpdateResponse = initializeUpdate;
        ExternalAuthenticateResponse = externalAuthenticate;
    }

    public SimulatedCard Card { get; }

    public Scp03HostChannel Host { get; }

    public Scp03InitializeUpdateResponse InitializeUpdateResponse { get; }

    public ResponseApdu ExternalAuthenticateResponse { get; }

    /// <summary>SELECT, INITIALIZE UPDATE, card cryptogram and pseudo-random challenge checked, EXTERNAL AUTHENTICATE.</summary>
    public static Scp03HostSession Open(SimulatedCard card, Scp03KeySet keys, SecurityLevel level, string sdAid = HostSession.IsdAid, byte keyVersion = 0x00, bool expectSuccess = true)
    {
        CardKit.Select(card, sdAid);
        var host = new Scp03HostChannel(keys, level);
        var answer = card.Transmit(host.InitializeUpdate(keyVersion));
        Assert.Equal(StatusWords.Success, answer.StatusWord);
        var parsed = Scp03InitializeUpdateResponse.Parse(answer.Data.Span);
        var externalAuthenticate = card.Transmit(host.ExternalAuthenticate(parsed, Hex.Parse(sdAid)));
        if (expectSuccess)
            Assert.Equal(StatusWords.Success, externalAuthenticate.StatusWord);
        return new Scp03HostSession(card, host, parsed, externalAuthenticate);
    }

    public ResponseApdu Send(CommandApdu plain) => Host.Unwrap(Card.Transmit(Host.Wrap(plain)));

    public ResponseApdu Ok(CommandApdu plain)
    {
        var response = Send(plain);
        Assert.True(response.StatusWord == StatusWords.Success, $"{plain.ToHex()} answered {response.StatusWord} ({response.StatusWord.Name})");
        return response;
    }

    public IReadOnlyList<RegistryEntry> Registry(GetStatusScope scope)
    {
        var entries = new List<RegistryEntry>();
        var command = new GetStatusCommand(scope);
        while (true)
        {
            var response = Send(command.ToApdu());
            if (response.StatusWord == StatusWords.ReferencedDataNotFound)
                return entries;
            var parsed = GetStatusResponse.Parse(response, command);
            entries.AddRange(parsed.Entries);
            if (!parsed.HasMore)
                return entries;
            command = command.NextPart();
        }
    }

    /// <summary>PUT KEY of three AES keys (type 88) with their KCVs, encrypted under the static Key-DEK.</summary>
    public PutKeyCommand PutKey(byte oldKeyVersion, byte newKeyVersion, byte[] enc, byte[] mac, byte[] dek, int corruptKcvOf = -1)
    {
        var components = new List<KeyComponent>();
        byte[][] keys = [enc, mac, dek];
        for (var i = 0; i < keys.Length; i++)
        {
            var kcv = Scp03Crypto.KeyCheckValue(keys[i]);
            if (i == corruptKcvOf)
                kcv[0] ^= 0xFF;
            components.Add(new KeyComponent(KeyComponent.Aes, Host.EncryptKey(keys[i]), kcv));
        }
        return new PutKeyCommand(oldKeyVersion, 0x01, newKeyVersion, new ValueList<KeyComponent>(components));
    }

    public void Dispose() => Host.Dispose();
}
