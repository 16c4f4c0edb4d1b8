using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;
using Tsm.Simulator.Tests.Support;

namespace Tsm.Simulator.Tests.Vpcd;

/// <summary>
/// The real simulated SE behind pcscd's virtual reader: a PC/SC client (pyscard) selects the ISD and opens an
/// SCP02 session with the GlobalPlatform test keys, as a standard GP card manager does.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class PcscSimulatedCardTests(PcscFixture pcsc)
{
    [SkippableFact]
    public async Task A_PCSC_client_authenticates_to_the_ISD_of_a_fresh_card()
    {
        Skip.IfNot(pcsc.IsAvailable, pcsc.SkipReason);
        using var card = new SimulatedCard(CardFactory.CreateDefault("86001122334455667788"));
        await using var inserted = await pcsc.InsertCardAsync(card);
        using var keys = Scp02KeySet.FromSingleKey(0x00, Hex.Parse(CardFactory.GlobalPlatformTestKey));
        using var host = new Scp02HostChannel(keys, SecurityLevel.CMac);
        var step = 0;

        var responses = await pcsc.ConverseAsync("00A4040007A0000001510000", response =>
        {
            step++;
            return step switch
            {
                1 => host.InitializeUpdate(0x00, Hex.Parse("0102030405060708")).ToHex(),
                2 => host.ExternalAuthenticate(InitializeUpdateResponse.Parse(Hex.Parse(response)[..^2])).ToHex(),
                3 => host.Wrap(CommandApdu.Parse("80F28002024F0000")).ToHex(),
                _ => null,
            };
        });

        Assert.Equal(4, responses.Count);
        Assert.EndsWith("9000", responses[0], StringComparison.Ordinal);        // SELECT ISD
        Assert.StartsWith("6F", responses[0], StringComparison.Ordinal);
        Assert.EndsWith("9000", responses[1], StringComparison.Ordinal);        // INITIALIZE UPDATE
        Assert.Equal(28 * 2 + 4, responses[1].Length);
        Assert.Equal("9000", responses[2]);                                       // EXTERNAL AUTHENTICATE
        Assert.StartsWith("E3", responses[3], StringComparison.Ordinal);         // GET STATUS of the ISD in the session
        Assert.Contains("A0000001510000", responses[3], StringComparison.Ordinal);
        Assert.EndsWith("9000", responses[3], StringComparison.Ordinal);
        Assert.Equal(1, card.Image.Applications[0].SecurityDomain!.KeySets[0].SequenceCounter);
    }
}
