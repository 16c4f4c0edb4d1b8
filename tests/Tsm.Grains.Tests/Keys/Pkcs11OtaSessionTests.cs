using Tsm.Grains.Keys.Pkcs11;
using Tsm.Grains.Ota;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;
using Tsm.Testing;

namespace Tsm.Grains.Tests.Keys;

/// <summary>
/// The OTA engine against a card whose ISD keys are diversified from a master key (EMV CPS) that only the SoftHSM2 token
/// holds: the download opens its secure channel with keys the token derived.
/// </summary>
public sealed class Pkcs11OtaSessionTests
{
    [SkippableTheory]
    [InlineData(DiversificationMethod.Emv)]
    [InlineData(DiversificationMethod.Visa2)]
    public void A_download_runs_on_a_card_keyed_from_a_master_key_in_the_token(DiversificationMethod method)
    {
        Skip.IfNot(SoftHsm.Shared.IsAvailable, SoftHsm.Shared.SkipReason);
        using var hsm = new Pkcs11KeyService(TestKeys.Pkcs11Options(SoftHsm.NewPrefix()));
        var image = CardFactory.CreateBatch(new SeBatchProfile { FirstSeId = "86000000000000000077", MasterKey = TestKeys.EmvMaster, Diversification = method }).Single();
        using var card = new SimulatedCard(image);
        card.PowerOn();
        var batch = method == DiversificationMethod.Emv ? TestKeys.EmvBatch : TestKeys.Visa2Batch;

        var (finished, orders) = OtaSessionTests.Run(card, OtaSessionTests.Spec(OperationKind.Download), keys: hsm, batch: batch);

        Assert.True(finished.Outcome.State == TaskState.Succeeded, finished.Outcome.ToString());
        Assert.Equal(2, orders);
        Assert.Contains(card.Image.Applications, a => a.Aid == OtaSessionTests.App.Aid);
    }
}
