using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms;
using Tsm.Gateway.Sms.Cmpp;
using Tsm.Gateway.Sms.Codes;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Protocol.Sms.Text;
using Tsm.Simulator.Smsc;
using Tsm.Simulator.Smsc.Cmpp;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Gateway.Tests.Sms.Codes;

/// <summary>
/// The registration code SMS through our ESME and SP client to the SMSC and ISMG simulators over loopback, and
/// through the gateway's configured links: the text arrives at the handset queue of the MSISDN (docs/sms.md,
/// "Registration codes").
/// </summary>
public sealed class RegistrationCodeOverSmsTests
{
    private const string Msisdn = RegistrationCodeSenderTests.Msisdn;
    private const string Text = RegistrationCodeSenderTests.Text;
    private const string ChineseText = "TSM 验证码 482915，用于证明本机号码，5 分钟内有效。";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static SmsRegistrationCodeSender Sender(ISmsSender account, ListLogger log, string? source = null)
    {
        var senders = new SmsSenders();
        senders.Add(account);
        return new SmsRegistrationCodeSender(
            Options.Create(new RegistrationCodeOptions { Source = source }), TimeProvider.System, new TypedLogger<SmsRegistrationCodeSender>(log), senders);
    }

    [Theory]
    [InlineData(Text, SmppDataCoding.SmscDefault)]
    [InlineData(ChineseText, SmppDataCoding.Ucs2)]
    public async Task Over_SMPP_the_text_reaches_the_handset_of_the_number(string text, byte dataCoding)
    {
        var handsets = new Handsets();
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { Handsets = handsets });
        var log = new ListLogger();

        var delivery = await Sender(kit.Esme, log).SendAsync(Msisdn, text, CancellationToken.None);

        Assert.True(delivery.Sent, delivery.Error);
        var sms = await handsets.ReceiveAsync(Msisdn, Wait);
        Assert.Equal(("10657", false, dataCoding, text), (sms!.Source, sms.Udhi, sms.DataCoding, sms.Text));
        var received = Assert.Single(kit.Smsc.Submits);
        Assert.Equal(delivery.MessageId, received.MessageId);
        var submit = Assert.IsType<SubmitSm>(received.Pdu);
        // No UDH, and no receipt asked for (a receipt would quote the start of the text, the code with it).
        Assert.Equal((0, 0), (submit.EsmClass, submit.RegisteredDelivery));
        Assert.Equal(SmppMessageText.Encode(text).UserData.ToArray(), submit.ShortMessage.ToArray());
        Assert.All(log.Lines.Concat(kit.Logger.Lines), line => Assert.DoesNotContain("482915", line, StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("861****8000", StringComparison.Ordinal) && line.Contains("6301", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3.0", Text, CmppMsgFmt.Ascii)]
    [InlineData("2.0", ChineseText, CmppMsgFmt.Ucs2)]
    public async Task Over_CMPP_the_text_reaches_the_handset_of_the_number(string version, string text, byte msgFmt)
    {
        var handsets = new Handsets();
        await using var ismg = new CmppIsmgSimulator(new CmppIsmgOptions { Port = 0, Accounts = [new CmppIsmgAccount("901234", "secret")], Handsets = handsets });
        ismg.Start();
        await using var client = new CmppSpClient(new CmppAccountOptions
        {
            Name = "ismg",
            Port = ismg.Endpoint.Port,
            Version = version,
            SpId = "901234",
            SharedSecret = "secret",
            SrcId = "10657",
            ServiceId = "TSM",
            ResponseTimeout = TimeSpan.FromSeconds(2),
            ReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(400),
        }, new RecordingHandler(), NullLogger.Instance);
        client.Start();
        var log = new ListLogger();

        var delivery = await Sender(client, log, source: "106570001").SendAsync(Msisdn, text, CancellationToken.None);

        Assert.True(delivery.Sent, delivery.Error);
        var sms = await handsets.ReceiveAsync(Msisdn, Wait);
        Assert.Equal(("106570001", false, msgFmt, text), (sms!.Source, sms.Udhi, sms.DataCoding, sms.Text));
        var submit = Assert.Single(ismg.Submits).Submit;
        Assert.Equal((0, 0), (submit.TpUdhi, submit.RegisteredDelivery));
        Assert.All(log.Lines, line => Assert.DoesNotContain("482915", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gateway_sends_the_code_through_its_configured_SMPP_link()
    {
        var handsets = new Handsets();
        await using var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Accounts = new Dictionary<string, string> { ["tsm"] = "s3cret" }, Handsets = handsets });
        smsc.Start();
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path,
            "--Sms:Smpp:Accounts:0:Name", "smsc", "--Sms:Smpp:Accounts:0:Port", smsc.Port.ToString(CultureInfo.InvariantCulture),
            "--Sms:Smpp:Accounts:0:SystemId", "tsm", "--Sms:Smpp:Accounts:0:Password", "s3cret", "--Sms:Smpp:Accounts:0:SourceAddress", "10657",
            "--Sms:Smpp:Accounts:0:ReconnectDelay", "00:00:00.020", "--Sms:Codes:Source", "106570001");
        await gateway.StartAsync();

        var delivery = await gateway.Services.GetRequiredService<IRegistrationCodeSender>().SendAsync(Msisdn, Text, CancellationToken.None);

        Assert.True(delivery.Sent, delivery.Error);
        var sms = await handsets.ReceiveAsync(Msisdn, Wait);
        Assert.Equal(("106570001", (byte)0, Text), (sms!.Source, sms.DataCoding, sms.Text));
    }

    [Fact]
    public async Task A_gateway_without_SMS_links_has_no_channel_for_codes()
    {
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path);
        await gateway.StartAsync();

        var delivery = await gateway.Services.GetRequiredService<IRegistrationCodeSender>().SendAsync(Msisdn, Text, CancellationToken.None);

        Assert.Equal(RegistrationCodeOutcome.NoChannel, delivery.Outcome);
    }
}
