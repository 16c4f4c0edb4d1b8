using Tsm.Simulator.Tests.Support;

namespace Tsm.Simulator.Tests.Vpcd;

/// <summary>End to end: pyscard → pcscd → vpcd driver → TCP → <see cref="Tsm.Simulator.Vpcd.VpcdConnection"/> → card.</summary>
[Collection(PcscCollection.Name)]
public sealed class PcscBridgeTests(PcscFixture pcsc)
{
    [SkippableFact]
    public async Task A_PCSC_client_sees_the_card_in_the_virtual_reader()
    {
        Skip.IfNot(pcsc.IsAvailable, pcsc.SkipReason);
        var card = new TestCard();
        await using var inserted = await pcsc.InsertCardAsync(card);

        var result = await pcsc.ExchangeAsync("00A4040008A000000151000000", "80CA006600");

        Assert.Equal(Convert.ToHexString(TestCard.FixedAtr), result.Atr);
        Assert.Equal(["9000", "80CA0066009000"], result.Responses);
        Assert.Contains("power on", card.Events);
    }

    [SkippableFact]
    public async Task A_card_inserted_again_answers_again()
    {
        Skip.IfNot(pcsc.IsAvailable, pcsc.SkipReason);
        foreach (var round in new[] { "01", "02" })
        {
            await using var inserted = await pcsc.InsertCardAsync(new TestCard());
            var responses = await pcsc.RunPyscardAsync("80CA00" + round + "00");
            Assert.Equal(["80CA00" + round + "009000"], responses);
        }
    }
}
