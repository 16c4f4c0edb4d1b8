using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card;
using Tsm.Simulator.Card.Applets;

namespace Tsm.Grains.Tests;

/// <summary>
/// DAP passthrough (requirement 5.8.9.3): a download into a DAP-mode SD carries the provider's signature as the DAP block
/// of the LOAD, associated with that SD; the simulated card verifies it (GP 2.2.1 C.6.2) — the platform adds nothing.
/// </summary>
public sealed class DapPassthroughTests
{
    private const string DapSd = "A000000151535300DD";
    private static readonly byte[] ProviderDapKey = Hex.Parse("00112233445566778899AABBCCDDEEFF");

    private static SimulatedCard CardWithDapSd()
    {
        var card = OtaSessionTests.NewCard();
        var isd = card.Image.Applications[0];
        var keys = isd.SecurityDomain!.KeySets[0];
        card.Image.Applications.Add(new ApplicationRecord
        {
            Aid = DapSd,
            LoadFileAid = "A0000001515350",
            ModuleAid = "A000000151535041",
            AssociatedSd = isd.Aid,
            LifeCycle = LifeCycle.Personalized,
            Privileges = Hex.Format((Privileges.SecurityDomain | Privileges.DapVerification).ToArray()),
            Behaviour = AppletBehaviours.SecurityDomain,
            SecurityDomain = new SecurityDomainRecord
            {
                Mode = 3,
                KeySets = [new KeySetRecord { Version = 0x01, Enc = keys.Enc, Mac = keys.Mac, Dek = keys.Dek }],
                DapKey = Hex.Format(ProviderDapKey),
            },
        });
        return card;
    }

    private static ApplicationDefinition AppSignedWith(byte[] key)
    {
        var app = OtaSessionTests.App;
        var hash = DapSignature.HashOf(OtaSessionTests.Cap.LoadFileDataBlock.Bytes.Span);
        return app with
        {
            SecurityDomainAid = DapSd,
            LoadFiles = [new LoadFileDefinition { Aid = app.LoadFileAid, CapFile = app.CapFile, Modules = [app.Instances[0].ModuleAid], DapSignature = Hex.Format(DapSignature.ComputeDes(key, hash)) }],
        };
    }

    [Fact]
    public void The_providers_dap_rides_in_the_load_and_the_dap_sd_accepts_it()
    {
        using var card = CardWithDapSd();
        var app = AppSignedWith(ProviderDapKey);
        var (finished, _) = OtaSessionTests.Run(card, OtaSessionTests.Spec(OperationKind.Download, app.Aid), app: app);
        Assert.True(finished.Outcome.State == TaskState.Succeeded, $"{finished.Outcome.Reason} {finished.Outcome.StatusWord}");
        Assert.Equal(DapSd, card.Image.LoadFiles.Single(f => f.Aid == app.LoadFileAid).AssociatedSd);
        Assert.Equal(DapSd, card.Image.Applications.Single(a => a.Aid == app.Aid).AssociatedSd);
    }

    [Fact]
    public void A_signature_the_sd_does_not_accept_fails_the_download_with_6982_and_leaves_no_load_file()
    {
        using var card = CardWithDapSd();
        var app = AppSignedWith(Hex.Parse("FFEEDDCCBBAA99887766554433221100"));
        var (finished, _) = OtaSessionTests.Run(card, OtaSessionTests.Spec(OperationKind.Download, app.Aid), app: app);
        Assert.Equal(TaskState.Failed, finished.Outcome.State);
        Assert.Equal("6982", finished.Outcome.StatusWord);
        Assert.DoesNotContain(card.Image.LoadFiles, f => f.Aid == app.LoadFileAid);
        Assert.Null(card.Image.PendingLoad);
    }
}
