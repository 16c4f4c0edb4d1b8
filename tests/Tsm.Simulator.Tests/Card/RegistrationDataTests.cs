using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>Registration data of requirement 5.5.2: STORE DATA DGI 2F14 (MSISDN) and 1047 (token, IMSI digest) into the ISD, read back by GET DATA.</summary>
public sealed class RegistrationDataTests
{
    private static readonly byte[] Msisdn = Hex.Parse("683108103100F8");
    private static readonly byte[] Token = Hex.Parse("0102030405060708");
    private static readonly byte[] ImsiDigest = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.ASCII.GetBytes("460001234567890"));

    private static byte[] TokenAndDigest(byte[] token, byte[] digest) => [0x01, (byte)token.Length, .. token, 0x02, (byte)digest.Length, .. digest];

    private static void Store(HostSession isd, StatusWord expected, params Dgi[] dgis)
    {
        var blocks = StoreDataBuilder.ForDgis(dgis, maxBlockSize: 16);
        foreach (var block in blocks.SkipLast(1))
            isd.Ok(block.ToApdu());
        Assert.Equal(expected, isd.Send(blocks[^1].ToApdu()).StatusWord);
    }

    private static string GetData(SimulatedCard card, ushort tag)
    {
        var response = card.Transmit(new GetDataCommand(tag).ToApdu());
        return response.StatusWord == StatusWords.Success ? Hex.Format(response.Data.Span) : response.StatusWord.ToString()!;
    }

    [Fact]
    public void STORE_DATA_ignores_the_RFU_bits_of_P1_as_cards_in_the_field_do()
    {
        // GP 2.2.1 Table 11-81: P1 b3-b1 are RFU; GlobalPlatformPro sends 81 for a last block of unformatted data.
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        var block = StoreDataBuilder.ForDgis([new Dgi(0x2F14, Msisdn)])[0].ToApdu();
        var withRfu = new CommandApdu(block.Cla, block.Ins, (byte)(block.P1 | 0x01), block.P2, block.Data);
        Assert.Equal(StatusWords.Success, isd.Send(withRfu).StatusWord);
        Assert.Equal("2F1407" + Hex.Format(Msisdn), Hex.Format(isd.Ok(new GetDataCommand(0x2F14).ToApdu()).Data.Span));
    }

    [Fact]
    public void MSISDN_and_token_with_IMSI_digest_are_stored_and_read_back()
    {
        using var card = CardKit.NewCard();
        var value1047 = TokenAndDigest(Token, ImsiDigest);
        using (var isd = HostSession.Open(card))
        {
            Store(isd, StatusWords.Success, new Dgi(0x2F14, Msisdn), new Dgi(0x1047, value1047));
            Assert.Equal("2F1407" + Hex.Format(Msisdn), Hex.Format(isd.Ok(new GetDataCommand(0x2F14).ToApdu()).Data.Span));
        }
        Assert.Equal("2F1407" + Hex.Format(Msisdn), GetData(card, 0x2F14));
        Assert.Equal("1047" + value1047.Length.ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + Hex.Format(value1047), GetData(card, 0x1047));

        // A new MSISDN replaces the old one.
        using var again = HostSession.Open(card);
        Store(again, StatusWords.Success, new Dgi(0x2F14, Hex.Parse("683108103100F9")));
        Assert.Equal("2F1407683108103100F9", GetData(card, 0x2F14));
    }

    [Theory]
    [InlineData("0108010203040506070803020102")] // second element tagged 03
    [InlineData("0108010203040506070802")] // digest length missing
    [InlineData("010801020304050607080202AABBCC")] // trailing byte
    [InlineData("02020102")] // digest only
    [InlineData("010201020200")] // empty digest
    [InlineData("")] // empty
    public void A_malformed_1047_is_6A80_and_nothing_is_stored(string value)
    {
        using var card = CardKit.NewCard();
        using var isd = HostSession.Open(card);
        Store(isd, StatusWords.IncorrectData, new Dgi(0x2F14, Msisdn), new Dgi(0x1047, Hex.Parse(value)));
        Assert.Equal(StatusWords.ReferencedDataNotFound.ToString(), GetData(card, 0x2F14));
        Assert.Equal(StatusWords.ReferencedDataNotFound.ToString(), GetData(card, 0x1047));

        // Stored values survive a later malformed attempt.
        Store(isd, StatusWords.Success, new Dgi(0x1047, TokenAndDigest(Token, ImsiDigest)));
        Store(isd, StatusWords.IncorrectData, new Dgi(0x1047, Hex.Parse(value)));
        Assert.EndsWith(Hex.Format(ImsiDigest), GetData(card, 0x1047), StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_data_needs_a_secure_channel()
    {
        using var card = CardKit.NewCard();
        var block = StoreDataBuilder.ForDgis([new Dgi(0x2F14, Msisdn)])[0].ToApdu();
        Assert.Equal(StatusWords.SecurityStatusNotSatisfied, card.Transmit(block).StatusWord);
        Assert.Equal(StatusWords.ReferencedDataNotFound.ToString(), GetData(card, 0x2F14));
    }
}
