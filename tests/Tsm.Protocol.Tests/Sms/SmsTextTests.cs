using System.Text;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Protocol.Sms.Text;

namespace Tsm.Protocol.Tests.Sms;

/// <summary>The GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1) and text in one SMPP or CMPP message.</summary>
public sealed class SmsTextTests
{
    [Fact]
    public void Ascii_letters_digits_and_punctuation_keep_their_codes()
    {
        const string text = "TSM code 123456. It proves this number to your wallet; valid 5 minutes.";

        Assert.Equal(Encoding.ASCII.GetBytes(text), Gsm7Alphabet.EncodeUnpacked(text));
        Assert.Equal(text, Gsm7Alphabet.DecodeUnpacked(Encoding.ASCII.GetBytes(text)));
    }

    [Theory]
    [InlineData("@", new byte[] { 0x00 })]
    [InlineData("$", new byte[] { 0x02 })]
    [InlineData("_", new byte[] { 0x11 })]
    [InlineData("é", new byte[] { 0x05 })]
    [InlineData("Δ", new byte[] { 0x10 })]
    [InlineData("¡¿", new byte[] { 0x40, 0x60 })]
    [InlineData("€", new byte[] { 0x1B, 0x65 })]
    [InlineData("[~]", new byte[] { 0x1B, 0x3C, 0x1B, 0x3D, 0x1B, 0x3E })]
    [InlineData("{|}\\^", new byte[] { 0x1B, 0x28, 0x1B, 0x40, 0x1B, 0x29, 0x1B, 0x2F, 0x1B, 0x14 })]
    public void Characters_outside_ascii_codes_and_the_extension_table_round_trip(string text, byte[] septets)
    {
        Assert.Equal(septets, Gsm7Alphabet.EncodeUnpacked(text));
        Assert.Equal(septets.Length, Gsm7Alphabet.SeptetCount(text));
        Assert.Equal(text, Gsm7Alphabet.DecodeUnpacked(septets));
    }

    [Fact]
    public void Every_code_decodes_and_encodes_back()
    {
        for (byte code = 0; code < 0x80; code++)
        {
            if (code == Gsm7Alphabet.Escape)
                continue;
            var text = Gsm7Alphabet.DecodeUnpacked([code]);
            Assert.Equal(1, text.Length);
            Assert.Equal([code], Gsm7Alphabet.EncodeUnpacked(text));
        }
    }

    [Theory]
    [InlineData("`")]
    [InlineData("验证码")]
    [InlineData("ä€ß😀")]
    public void Characters_outside_the_alphabet_cannot_be_encoded(string text)
    {
        Assert.False(Gsm7Alphabet.CanEncode(text));
        Assert.Equal(-1, Gsm7Alphabet.SeptetCount(text));
        Assert.Throws<ArgumentException>(() => Gsm7Alphabet.EncodeUnpacked(text));
    }

    [Fact]
    public void Odd_escapes_and_high_octets_decode_as_the_spec_says()
    {
        // An unknown extension code reads as the basic character; a trailing escape as a space; 8-bit octets as '?'.
        Assert.Equal("A", Gsm7Alphabet.DecodeUnpacked([0x1B, 0x41]));
        Assert.Equal("a ", Gsm7Alphabet.DecodeUnpacked([0x61, 0x1B]));
        Assert.Equal("?", Gsm7Alphabet.DecodeUnpacked([0x80]));
    }

    [Theory]
    [InlineData("TSM code 123456.", SmppDataCoding.SmscDefault, 16)]
    [InlineData("5 € only", SmppDataCoding.SmscDefault, 9)]
    [InlineData("验证码 123456", SmppDataCoding.Ucs2, 20)]
    [InlineData("code `123456`", SmppDataCoding.Ucs2, 26)]
    public void Smpp_text_is_gsm_when_it_can_be_and_ucs2_otherwise(string text, byte dataCoding, int octets)
    {
        var encoded = SmppMessageText.Encode(text);

        Assert.Equal((dataCoding, octets), (encoded.DataCoding, encoded.UserData.Length));
        Assert.Equal(text, SmppMessageText.Decode(encoded.DataCoding, false, encoded.UserData.Span));
    }

    [Fact]
    public void Smpp_text_is_one_sms_at_most()
    {
        Assert.Equal(160, SmppMessageText.Encode(new string('a', 160)).UserData.Length);
        Assert.Throws<ArgumentException>(() => SmppMessageText.Encode(new string('a', 161)));
        Assert.Throws<ArgumentException>(() => SmppMessageText.Encode(new string('€', 81)));
        Assert.Equal(140, SmppMessageText.Encode(new string('码', 70)).UserData.Length);
        Assert.Throws<ArgumentException>(() => SmppMessageText.Encode(new string('码', 71)));
        Assert.Throws<ArgumentException>(() => SmppMessageText.Encode(""));
    }

    [Theory]
    [InlineData(SmppDataCoding.Binary8Bit)]
    [InlineData(SmppDataCoding.Binary)]
    [InlineData((byte)0xF5)]
    public void Binary_codings_have_no_text(byte dataCoding) =>
        Assert.Null(SmppMessageText.Decode(dataCoding, false, "abc"u8));

    [Fact]
    public void A_user_data_header_is_skipped_and_an_overrunning_one_gives_no_text()
    {
        Assert.Equal("Hi", SmppMessageText.Decode(0, true, [0x05, 0x00, 0x03, 0x2A, 0x01, 0x01, 0x48, 0x69]));
        Assert.Null(SmppMessageText.Decode(0, true, [0x09, 0x00]));
        Assert.Null(CmppMessageText.Decode(0, true, []));
        Assert.Equal("", CmppMessageText.Decode(0, false, []));
    }

    [Theory]
    [InlineData("TSM code 123456.", CmppMsgFmt.Ascii, 16)]
    [InlineData("code `123456`", CmppMsgFmt.Ascii, 13)]
    [InlineData("5 € only", CmppMsgFmt.Ucs2, 16)]
    [InlineData("验证码 123456", CmppMsgFmt.Ucs2, 20)]
    public void Cmpp_text_is_ascii_when_it_can_be_and_ucs2_otherwise(string text, byte msgFmt, int octets)
    {
        var encoded = CmppMessageText.Encode(text);

        Assert.Equal((msgFmt, octets), (encoded.DataCoding, encoded.UserData.Length));
        Assert.Equal(text, CmppMessageText.Decode(encoded.DataCoding, false, encoded.UserData.Span));
    }

    [Fact]
    public void Cmpp_text_is_one_sms_at_most()
    {
        Assert.Equal(159, CmppMessageText.Encode(new string('a', 159)).UserData.Length);
        Assert.Throws<ArgumentException>(() => CmppMessageText.Encode(new string('a', 160)));
        Assert.Throws<ArgumentException>(() => CmppMessageText.Encode(new string('码', 71)));
        Assert.Null(CmppMessageText.Decode(CmppMsgFmt.Binary, false, "abc"u8));
        Assert.Null(CmppMessageText.Decode(CmppMsgFmt.Gb, false, "abc"u8));
    }
}
