using System.Numerics;
using Microsoft.Extensions.Time.Testing;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>SE batches (requirement 5.8.1): SEID ranges, diversified ISD keys (EMV CPS, VISA2), CPLC.</summary>
public sealed class CardFactoryBatchTests
{
    private const string MasterKey = "00112233445566778899AABBCCDDEEFF";

    [Theory]
    [InlineData(DiversificationMethod.Emv)]
    [InlineData(DiversificationMethod.Visa2)]
    public void Each_card_of_a_batch_opens_with_keys_diversified_from_its_own_data(DiversificationMethod method)
    {
        var profile = new SeBatchProfile { FirstSeId = "860000000000000000FE", Count = 3, MasterKey = MasterKey, Diversification = method, KeyVersion = 0x20 };
        var images = CardFactory.CreateBatch(profile).ToList();
        Assert.Equal(3, images.Count);
        Assert.Equal(["860000000000000000FE", "860000000000000000FF", "86000000000000000100"], images.Select(i => i.SeId));

        var kdds = new List<string>();
        var serials = new List<uint>();
        foreach (var image in images)
        {
            using var card = new SimulatedCard(image);
            card.PowerOn();

            // The diversification data comes from INITIALIZE UPDATE; the host derives the keys, then authenticates.
            var challenge = Hex.Parse("1122334455667788");
            CardKit.Select(card, HostSession.IsdAid);
            using var probe = new Scp02HostChannel(CardKit.TestKeys(), SecurityLevel.CMac);
            var answer = card.Transmit(probe.InitializeUpdate(0x20, challenge));
            Assert.Equal(StatusWords.Success, answer.StatusWord);
            var parsed = InitializeUpdateResponse.Parse(answer.Data.Span);
            Assert.Equal(0x20, parsed.KeyVersion);
            var kdd = answer.Data.Span[..10].ToArray();
            kdds.Add(Hex.Format(kdd));
            using var keys = KeyDiversification.Diversify(method, Hex.Parse(MasterKey), kdd, 0x20);
            using var host = new Scp02HostChannel(keys, SecurityLevel.CMac);
            host.InitializeUpdate(0x20, challenge);
            Assert.Equal(StatusWords.Success, card.Transmit(host.ExternalAuthenticate(parsed)).StatusWord);
            var wrapped = host.Wrap(new GetStatusCommand(GetStatusScope.IssuerSecurityDomain).ToApdu());
            Assert.Equal(StatusWords.Success, card.Transmit(wrapped).StatusWord);

            // The undiversified master key and the GP test key do not open it.
            using var master = Scp02KeySet.FromSingleKey(0x20, Hex.Parse(MasterKey));
            Assert.Throws<Scp02Exception>(() => HostSession.TryOpen(card, SecurityLevel.CMac, HostSession.IsdAid, master, 0x20));
            using var test = CardKit.TestKeys(0x20);
            Assert.Throws<Scp02Exception>(() => HostSession.TryOpen(card, SecurityLevel.CMac, HostSession.IsdAid, test, 0x20));

            var cplc = card.Transmit(GetDataCommand.Cplc.ToApdu());
            Assert.Equal(StatusWords.Success, cplc.StatusWord);
            serials.Add(Cplc.Parse(cplc.Data.Span).IcSerialNumber);
        }
        Assert.Equal(3, kdds.Distinct().Count());
        Assert.Equal([serials[0], serials[0] + 1, serials[0] + 2], serials);
        var first = new BigInteger(Hex.Parse(images[0].SeId), isUnsigned: true, isBigEndian: true);
        Assert.Equal([first, first + 1, first + 2], images.Select(i => new BigInteger(Hex.Parse(i.SeId), isUnsigned: true, isBigEndian: true)));
    }

    [Fact]
    public void Emv_and_Visa2_give_different_keys_for_the_same_card()
    {
        var emv = CardFactory.CreateBatch(new SeBatchProfile { FirstSeId = "86000000000000001234", MasterKey = MasterKey, Diversification = DiversificationMethod.Emv }).Single();
        var visa = CardFactory.CreateBatch(new SeBatchProfile { FirstSeId = "86000000000000001234", MasterKey = MasterKey, Diversification = DiversificationMethod.Visa2 }).Single();
        Assert.NotEqual(emv.Applications[0].SecurityDomain!.KeySets[0].Enc, visa.Applications[0].SecurityDomain!.KeySets[0].Enc);
        Assert.Equal(emv.KeyDiversificationData, visa.KeyDiversificationData);
    }

    [Fact]
    public void CPLC_parses_and_carries_the_SEID_serial()
    {
        using var card = CardKit.NewCard(new SeBatchProfile { FirstSeId = "8600000000000000A1B2C3D4" });
        var response = card.Transmit(GetDataCommand.Cplc.ToApdu());
        Assert.Equal(StatusWords.Success, response.StatusWord);
        Assert.Equal("9F7F2A", Hex.Format(response.Data.Span[..3]));
        var cplc = Cplc.Parse(response.Data.Span);
        Assert.Equal(0xA1B2C3D4u, cplc.IcSerialNumber);
        Assert.Equal(Cplc.Length + 3, response.Data.Length);
    }

    [Fact]
    public void CPLC_dates_are_YDDD_values_of_the_manufacture_and_personalization_days()
    {
        // GP 2.2.1 §11.3 (GET DATA) returns the CPLC 9F7F as the issuer defines it; its date fields are YDDD: the last
        // digit of the year and the day of the year 001-366, in BCD. The old fixed 2610 (day 610) was not a date.
        var profile = new SeBatchProfile { FirstSeId = "86000000000000000042", ManufacturedOn = new DateOnly(2025, 2, 28), PersonalizedOn = new DateOnly(2026, 12, 7) };
        using var card = CardKit.NewCard(profile);
        var cplc = Cplc.Parse(card.Transmit(GetDataCommand.Cplc.ToApdu()).Data.Span);
        Assert.Equal((ushort)0x5059, cplc.IcFabricationDate);
        Assert.Equal([0x5059, 0x5059, 0x5059, 0x5059, 0x5059], new[] { cplc.OperatingSystemReleaseDate, cplc.IcFabricationDate, cplc.IcModulePackagingDate, cplc.IcEmbeddingDate, cplc.IcPrePersonalizationDate }.Select(d => (int)d));
        Assert.Equal((ushort)0x6341, cplc.IcPersonalizationDate);
        var personalizedCheck = new DateOnly(2026, 12, 31);
        Assert.True(CplcDate.TryDecode(cplc.IcPersonalizationDate, personalizedCheck, out var personalized));
        Assert.Equal(new DateOnly(2026, 12, 7), personalized);
        Assert.True(CplcDate.TryDecode(cplc.IcFabricationDate, personalizedCheck, out var made));
        Assert.Equal(new DateOnly(2025, 2, 28), made);
    }

    [Fact]
    public void Without_dates_a_batch_is_dated_by_the_clock_that_creates_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2028, 12, 31, 23, 0, 0, TimeSpan.Zero));
        var image = CardFactory.CreateBatch(new SeBatchProfile(), clock).Single();
        var cplc = Cplc.Parse(Hex.Parse(image.Cplc));
        Assert.Equal((ushort)0x8366, cplc.IcFabricationDate); // 2028 is a leap year: 31 December is day 366
        Assert.Equal((ushort)0x8366, cplc.IcPersonalizationDate);
        Assert.Throws<ArgumentException>(() => CardFactory.CreateBatch(new SeBatchProfile { ManufacturedOn = new DateOnly(2026, 5, 2), PersonalizedOn = new DateOnly(2026, 5, 1) }).ToList());
    }
}
