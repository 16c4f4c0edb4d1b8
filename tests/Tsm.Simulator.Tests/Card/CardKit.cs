using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>Small host-side helpers shared by the card tests (fresh cards, plain commands, forged handshakes, PUT KEY, SSDs).</summary>
internal static class CardKit
{
    public const string MifareAid = SimulatedCard.MifareCardManagerAid;
    public const string SdLoadFile = "A0000001515350";
    public const string SdModule = "A000000151535041";

    public static SimulatedCard NewCard(SeBatchProfile? profile = null)
    {
        var card = new SimulatedCard(CardFactory.CreateBatch(profile ?? new SeBatchProfile()).First());
        card.PowerOn();
        return card;
    }

    public static byte[] TestKey => Hex.Parse(CardFactory.GlobalPlatformTestKey);

    public static Scp02KeySet TestKeys(byte keyVersion = 0x00) => Scp02KeySet.FromSingleKey(keyVersion, TestKey);

    public static ResponseApdu Send(SimulatedCard card, string hex) => card.Transmit(CommandApdu.Parse(hex));

    public static ResponseApdu Send(SimulatedCard card, CommandApdu command, byte channel) =>
        card.Transmit(command.With(cla: (byte)((command.Cla & 0xFC) | channel)));

    public static void Select(SimulatedCard card, string aid, byte channel = 0) =>
        Assert.Equal(StatusWords.Success, card.Transmit(new SelectCommand(Aid.Parse(aid)).ToApdu().With(cla: channel)).StatusWord);

    /// <summary>MANAGE CHANNEL open, card-assigned.</summary>
    public static byte OpenChannel(SimulatedCard card)
    {
        var response = Send(card, "0070000001");
        Assert.Equal(StatusWords.Success, response.StatusWord);
        return response.Data.Span[0];
    }

    /// <summary>GET DATA FF21 in the clear, for whatever SD is selected on the channel (or the ISD).</summary>
    public static ExtendedCardResources FreeMemoryPlain(SimulatedCard card, byte channel = 0)
    {
        var response = Send(card, GetDataCommand.ExtendedCardResources.ToApdu(), channel);
        Assert.Equal(StatusWords.Success, response.StatusWord);
        return ExtendedCardResources.Parse(response.Data.Span);
    }

    /// <summary>GET DATA C1 in the clear.</summary>
    public static ushort SequenceCounterPlain(SimulatedCard card, byte channel = 0)
    {
        var response = Send(card, GetDataCommand.SequenceCounter.ToApdu(), channel);
        Assert.Equal(StatusWords.Success, response.StatusWord);
        return SequenceCounter.Parse(response.Data.Span);
    }

    /// <summary>SELECT + INITIALIZE UPDATE; returns the parsed answer (asserting 9000) with the host that sent it.</summary>
    public static (Scp02HostChannel Host, InitializeUpdateResponse Response) InitializeUpdate(SimulatedCard card, string sdAid, Scp02KeySet keys, byte keyVersion, byte channel = 0)
    {
        Select(card, sdAid, channel);
        var host = new Scp02HostChannel(keys, SecurityLevel.CMac);
        var answer = card.Transmit(host.InitializeUpdate(keyVersion).With(cla: (byte)(0x80 | channel)));
        Assert.Equal(StatusWords.Success, answer.StatusWord);
        return (host, InitializeUpdateResponse.Parse(answer.Data.Span));
    }

    /// <summary>A handshake with the right keys whose EXTERNAL AUTHENTICATE carries a host cryptogram with one byte flipped.</summary>
    public static StatusWord ForgedExternalAuthenticate(SimulatedCard card, string sdAid = HostSession.IsdAid, byte keyVersion = 0x00, byte channel = 0)
    {
        using var keys = TestKeys(keyVersion);
        var (host, response) = InitializeUpdate(card, sdAid, keys, keyVersion, channel);
        using (host)
        {
            var genuine = host.ExternalAuthenticate(response);
            var data = genuine.Data.ToArray();
            data[0] ^= 0x01; // the host cryptogram comes first, the C-MAC last
            var forged = new CommandApdu((byte)(0x84 | channel), genuine.Ins, genuine.P1, genuine.P2, data);
            return card.Transmit(forged).StatusWord;
        }
    }

    /// <summary>Opens a session with three distinct keys; asserts success.</summary>
    public static HostSession OpenWith(SimulatedCard card, byte[] enc, byte[] mac, byte[] dek, byte keyVersion, string sdAid = HostSession.IsdAid, byte channel = 0)
    {
        var session = HostSession.TryOpen(card, SecurityLevel.CMac, sdAid, new Scp02KeySet(keyVersion, enc, mac, dek), keyVersion, channel);
        Assert.Equal(StatusWords.Success, session.ExternalAuthenticateResponse!.StatusWord);
        return session;
    }

    /// <summary>PUT KEY of a DES key set (ENC, MAC, DEK, key ids 01–03) encrypted under the session DEK.</summary>
    public static PutKeyCommand PutKey(HostSession session, byte oldKeyVersion, byte newKeyVersion, byte[] enc, byte[] mac, byte[] dek, int corruptKcvOf = -1)
    {
        var components = new List<KeyComponent>();
        byte[][] keys = [enc, mac, dek];
        for (var i = 0; i < keys.Length; i++)
        {
            var kcv = DesMac.KeyCheckValue(keys[i]);
            if (i == corruptKcvOf)
                kcv[0] ^= 0xFF;
            components.Add(new KeyComponent(KeyComponent.Des, session.Host.EncryptSensitive(keys[i]), kcv));
        }
        return new PutKeyCommand(oldKeyVersion, 0x01, newKeyVersion, new ValueList<KeyComponent>(components));
    }

    public static byte[] Key(byte seed)
    {
        var key = new byte[16];
        for (var i = 0; i < key.Length; i++)
            key[i] = (byte)(seed + (i * 7));
        return key;
    }

    /// <summary>INSTALL [for install and make selectable] of a CMS2AC supplementary SD from the factory SD load file.</summary>
    public static CommandApdu InstallSsd(string aid, Cms2acSdParameters parameters, Privileges? extraPrivileges = null, int? nonVolatileQuota = null) =>
        InstallCommand.ForInstall(
            Aid.Parse(SdLoadFile), Aid.Parse(SdModule), Aid.Parse(aid),
            extraPrivileges is { } extra ? Privileges.SecurityDomain | extra : Privileges.SecurityDomain,
            InstallParameters.ForSecurityDomain(parameters, nonVolatileQuota: nonVolatileQuota).ToArray()).ToApdu();

    /// <summary>The registry as AIDs only, for comparing two snapshots.</summary>
    public static string[] Aids(IEnumerable<RegistryEntry> entries) =>
        [.. entries.Select(e => $"{e.Aid}|{e.LifeCycle:X2}|{e.AssociatedSecurityDomainAid}|{string.Join(",", e.ModuleAids.Select(m => m.ToString()))}").Order(StringComparer.Ordinal)];
}
