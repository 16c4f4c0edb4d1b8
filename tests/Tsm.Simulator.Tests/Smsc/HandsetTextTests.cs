using System.Net;
using System.Text;
using System.Text.Json;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Protocol.Sms.Text;
using Tsm.Simulator.Smsc;
using Tsm.Simulator.Smsc.Cmpp;
using Tsm.Simulator.Smsc.Smpp;
using Tsm.Simulator.Tests.Smsc.Cmpp;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary>
/// Text MT messages on the handset side (docs/simulator.md, "The handset side of the SMSC simulator"): each SMS centre
/// decodes the text by its protocol's coding, and the air interface gives it as <c>text</c>.
/// </summary>
public sealed class HandsetTextTests
{
    private const string Msisdn = "8613900000001";
    private const string CodeText = "TSM code 123456. It proves this number to your wallet; valid 5 minutes.";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static TheoryData<byte, byte[], string> SmppTexts => new()
    {
        { SmppDataCoding.SmscDefault, Gsm7Alphabet.EncodeUnpacked(CodeText), CodeText },
        // GSM, not ASCII: '@' is 0x00, '€' the escape then 0x65, '_' 0x11.
        { SmppDataCoding.SmscDefault, [0x00, 0x1B, 0x65, 0x11], "@€_" },
        { SmppDataCoding.Ucs2, Encoding.BigEndianUnicode.GetBytes("验证码 123456"), "验证码 123456" },
        { SmppDataCoding.Ia5, "code 123456"u8.ToArray(), "code 123456" },
    };

    [Theory]
    [MemberData(nameof(SmppTexts))]
    public async Task An_SMPP_text_submit_reaches_the_handset_with_its_text(byte dataCoding, byte[] shortMessage, string text)
    {
        var handsets = new Handsets();
        await using var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Handsets = handsets });
        smsc.Start();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(new Bind { SystemId = "tsm", Password = "x", Sequence = 1 });

        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(new SubmitSm
        {
            Sequence = 2,
            Source = SmppAddress.Unknown("10657"),
            Destination = SmppAddress.International(Msisdn),
            DataCoding = dataCoding,
            ShortMessage = shortMessage,
        })).Status);

        var message = await handsets.ReceiveAsync(Msisdn, Wait);
        Assert.Equal((false, dataCoding, text), (message!.Udhi, message.DataCoding, message.Text));
        Assert.Equal(shortMessage, message.UserData.ToArray());
    }

    [Fact]
    public async Task Binary_data_has_no_text_and_a_text_after_a_header_skips_it()
    {
        var handsets = new Handsets();
        await using var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Handsets = handsets });
        smsc.Start();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(new Bind { SystemId = "tsm", Password = "x", Sequence = 1 });
        var submit = new SubmitSm { Source = SmppAddress.Unknown("10657"), Destination = SmppAddress.International(Msisdn) };

        await wire.CallAsync(submit with { Sequence = 2, EsmClass = SmppEsmClass.Udhi, DataCoding = 4, ShortMessage = HandsetsTests.WakeUpData() });
        await wire.CallAsync(submit with { Sequence = 3, EsmClass = SmppEsmClass.Udhi, DataCoding = 0, ShortMessage = (byte[])[0x05, 0x00, 0x03, 0x2A, 0x01, 0x01, .. "Hi"u8] });

        Assert.Null((await handsets.ReceiveAsync(Msisdn, Wait))!.Text);
        Assert.Equal("Hi", (await handsets.ReceiveAsync(Msisdn, Wait))!.Text);
    }

    [Theory]
    [InlineData(CmppMsgFmt.Ascii, CodeText)]
    [InlineData(CmppMsgFmt.Ucs2, "验证码 123456")]
    public async Task A_CMPP_text_submit_reaches_the_handset_with_its_text(byte msgFmt, string text)
    {
        var handsets = new Handsets();
        await using var ismg = new CmppIsmgSimulator(new CmppIsmgOptions { Port = 0, Accounts = [new CmppIsmgAccount("901234", "s3cret")], Handsets = handsets });
        ismg.Start();
        await using var sp = await RawSp.ConnectAsync(ismg.Endpoint, "901234", "s3cret", CmppVersion.V30);
        var encoded = CmppMessageText.Encode(text);
        Assert.Equal(msgFmt, encoded.DataCoding);

        await sp.SendAsync(new CmppSubmit
        {
            SequenceId = sp.NextSequence(),
            ServiceId = "TSM",
            MsgFmt = encoded.DataCoding,
            MsgSrc = "901234",
            SrcId = "10657",
            DestTerminalIds = [Msisdn],
            MsgContent = encoded.UserData,
        });
        Assert.Equal(CmppSubmitResult.Ok, (await sp.ReceiveAsync<CmppSubmitResp>()).Result);

        var message = await handsets.ReceiveAsync(Msisdn, Wait);
        Assert.Equal((msgFmt, text), (message!.DataCoding, message.Text));
    }

    [Fact]
    public async Task The_air_interface_gives_the_text_and_null_for_binary_data()
    {
        var handsets = new Handsets();
        await using var air = new AirInterface(handsets);
        air.Start();
        using var http = new HttpClient { BaseAddress = air.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        handsets.Deliver("10657", Msisdn, false, 0, Gsm7Alphabet.EncodeUnpacked(CodeText), CodeText);
        handsets.Deliver("10657", Msisdn, true, 4, HandsetsTests.WakeUpData());

        using var response = await http.GetAsync(new Uri($"/handsets/{Msisdn}/messages?wait=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
            Assert.Equal(CodeText, json.RootElement.GetProperty("text").GetString());
        var binary = await new AirInterfaceClient(http).ReceiveAsync(Msisdn, TimeSpan.Zero);

        Assert.Null(binary!.Text);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(AirMessageJson.Write(binary)).RootElement.GetProperty("text").ValueKind);
    }

    [Fact]
    public void A_message_without_the_text_field_still_reads()
    {
        var message = AirMessageJson.Read("""{"source":"10657","destination":"8613900000001","udhi":false,"dataCoding":0,"userData":"4869","at":"2025-11-25T23:11:02+00:00"}"""u8);

        Assert.Null(message.Text);
        Assert.Equal("Hi", AirMessageJson.Read(AirMessageJson.Write(message with { Text = "Hi" })).Text);
    }
}
