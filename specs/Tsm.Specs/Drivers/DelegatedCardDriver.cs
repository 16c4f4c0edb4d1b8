using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;

namespace Tsm.Specs.Drivers;

/// <summary>
/// A simulated card with a DAP-mode SD and a token-mode SD, and the off-card parties of GP 2.2.1 Appendix C
/// (Features/SecureElement/DapAndDelegatedManagement.feature): the provider signing DAPs, the Card Issuer signing tokens
/// and holding the Receipt key, and SCP02 sessions to the ISD or an SSD.
/// </summary>
public sealed class DelegatedCardDriver : IDisposable
{
    public const string IsdAid = "A0000001510000";
    public const string LoadFileAid = "A000000777DA";
    public const string ModuleAid = "A000000777DA01";
    private static readonly byte[] TestKey = Hex.Parse(CardFactory.GlobalPlatformTestKey);

    private SimulatedCard? _card;
    private Scp02HostChannel? _host;

    public RSA TokenKey { get; } = RSA.Create(1024);

    public byte[] ReceiptKey { get; } = Hex.Parse("0F0E0D0C0B0A09080706050403020100");

    public byte[] Block { get; } = CapFile.Parse(CapWriter.Synthetic(LoadFileAid, [ModuleAid], 600)).LoadFileDataBlock.Bytes.ToArray();

    public SimulatedCard Card => _card ?? throw new InvalidOperationException("No card in this scenario.");

    public ResponseApdu? Last { get; private set; }

    public void CreateCard()
    {
        _card?.Dispose();
        _card = new SimulatedCard(CardFactory.CreateBatch(new SeBatchProfile { FirstSeId = "86000000000000000DA0" }).Single());
        _card.PowerOn();
        var token = TokenKey.ExportParameters(false);
        _card.Image.TokenVerificationKey = new RsaPublicKeyRecord { Modulus = Hex.Format(token.Modulus), Exponent = Hex.Format(token.Exponent) };
        _card.Image.ReceiptKey = Hex.Format(ReceiptKey);
    }

    /// <summary>The ISD installs an SSD with the given privileges (on top of Security Domain).</summary>
    public void InstallSsd(string aid, Privileges privileges)
    {
        Open(IsdAid);
        var parameters = InstallParameters.ForSecurityDomain(new Cms2acSdParameters(null, 0x01, 0x02, 0x15, null, null, null));
        Expect(Send(InstallCommand.ForInstall(Aid.Parse("A0000001515350"), Aid.Parse("A000000151535041"), Aid.Parse(aid), Privileges.SecurityDomain | privileges, parameters.ToArray()).ToApdu()));
    }

    public void Open(string sdAid)
    {
        Expect(Card.Transmit(new SelectCommand(Aid.Parse(sdAid)).ToApdu()));
        var keys = Scp02KeySet.FromSingleKey(0x00, TestKey);
        _host = new Scp02HostChannel(keys, SecurityLevel.CMac);
        var initUpdate = Card.Transmit(_host.InitializeUpdate(0x00));
        Expect(initUpdate);
        Expect(Card.Transmit(_host.ExternalAuthenticate(InitializeUpdateResponse.Parse(initUpdate.Data.Span))));
    }

    public ResponseApdu Send(CommandApdu plain)
    {
        var host = _host ?? throw new InvalidOperationException("No session.");
        return Last = host.Unwrap(plain, Card.Transmit(host.Wrap(plain)));
    }

    /// <summary>INSTALL [for load] (with a token when asked) then every LOAD block; the last answer.</summary>
    public ResponseApdu Load(string? targetSd, IEnumerable<DapBlock> daps, bool withToken)
    {
        var install = InstallCommand.ForLoad(Aid.Parse(LoadFileAid), targetSd is null ? null : Aid.Parse(targetSd), DapSignature.HashOf(Block)).ToApdu();
        var answer = Send(withToken ? Signed(install) : install);
        if (answer.StatusWord != StatusWords.Success)
            return answer;
        var loads = LoadFileBuilder.BuildCommands(Block, daps);
        foreach (var load in loads.Take(loads.Count - 1))
            Expect(Send(load.ToApdu()));
        return Send(loads[^1].ToApdu());
    }

    public CommandApdu Signed(CommandApdu unsigned) => DelegatedToken.Attach(unsigned, DelegatedToken.Sign(TokenKey, unsigned));

    public bool Loaded => Card.Image.LoadFiles.Any(f => f.Aid == LoadFileAid);

    private static void Expect(ResponseApdu response)
    {
        if (response.StatusWord != StatusWords.Success)
            throw new InvalidOperationException($"The card answered {response.StatusWord}.");
    }

    public void Dispose()
    {
        _card?.Dispose();
        TokenKey.Dispose();
    }
}
