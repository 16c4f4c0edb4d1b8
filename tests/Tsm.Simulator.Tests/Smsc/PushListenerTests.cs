using Tsm.Protocol.Sms.Push;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Phone;
using Tsm.Simulator.Smsc;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary>
/// The phone's push receiver, without a gateway: which SMS it acts on and which it ignores, counting, duplicates.
/// The push handler is a recording fake; presenting serials to a real gateway is tested with the gateway.
/// </summary>
public sealed class PushListenerTests
{
    private const string Msisdn = "8613900000001";
    private const string SeId = "86000000000000000001";
    private const ushort Port = PushListener.DefaultPort;

    private static HandsetMessage Sms(byte[] userData, bool udhi = true, byte dataCoding = 4) =>
        new("10657", Msisdn, udhi, dataCoding, userData, DateTimeOffset.UtcNow);

    private static WakeUpMessage WakeUp(string seId = SeId, ushort port = Port) =>
        new(seId, PushSerial.New(DateTimeOffset.UtcNow), port, 0);

    [Fact]
    public void A_wake_up_for_our_port_and_se_is_acted_on()
    {
        var push = WakeUp();

        var verdict = PushListener.Classify(Sms(push.ToUserData()), SeId.ToLowerInvariant(), Port);

        Assert.Null(verdict.IgnoredBecause);
        Assert.Equal(push, verdict.WakeUp);
    }

    [Theory]
    [InlineData(false, 4, "no user data header")]
    [InlineData(true, 0, "is not 8-bit data")]
    [InlineData(true, 8, "is not 8-bit data")]
    public void An_sms_without_udhi_or_8_bit_data_is_not_a_wake_up(bool udhi, byte dataCoding, string reason)
    {
        var verdict = PushListener.Classify(Sms(WakeUp().ToUserData(), udhi, dataCoding), SeId, Port);

        Assert.Null(verdict.WakeUp);
        Assert.Contains("not a wake-up", verdict.IgnoredBecause, StringComparison.Ordinal);
        Assert.Contains(reason, verdict.IgnoredBecause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "no well-formed user data header")]
    [InlineData("0A05043F11", "no well-formed user data header")]
    [InlineData("0404020B23AABB", "no 16-bit application port")]
    [InlineData("0605043F110000AABB", "the body has 2 bytes")]
    public void User_data_that_does_not_parse_is_not_a_wake_up(string hex, string reason)
    {
        var verdict = PushListener.Classify(Sms(Convert.FromHexString(hex)), SeId, Port);

        Assert.Null(verdict.WakeUp);
        Assert.Contains(reason, verdict.IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wake_up_for_another_port_is_ignored()
    {
        var push = WakeUp(port: 2948);

        var verdict = PushListener.Classify(Sms(push.ToUserData()), SeId, Port);

        Assert.Null(verdict.WakeUp);
        Assert.Equal($"push {push.Serial}: for port 2948, not the wallet's 16145", verdict.IgnoredBecause);
    }

    [Fact]
    public void A_wake_up_for_another_se_is_ignored()
    {
        var push = WakeUp(seId: "86000000000000000002");

        var verdict = PushListener.Classify(Sms(push.ToUserData()), SeId, Port);

        Assert.Null(verdict.WakeUp);
        Assert.Equal($"push {push.Serial}: for SE 86000000000000000002, not this phone's {SeId}", verdict.IgnoredBecause);
    }

    [Theory]
    [InlineData(0x04, true)]
    [InlineData(0x02, true)]
    [InlineData(0xF4, true)]
    [InlineData(0xF5, true)]
    [InlineData(0x00, false)]
    [InlineData(0x03, false)]
    [InlineData(0x08, false)]
    [InlineData(0xF0, false)]
    public void Eight_bit_data_codings(byte dataCoding, bool eightBit) => Assert.Equal(eightBit, PushListener.IsEightBit(dataCoding));

    [Fact]
    public async Task Only_wake_ups_for_this_phone_reach_the_handler_and_count_ends_the_run()
    {
        var ours = WakeUp();
        var second = WakeUp();
        var handsets = new Handsets();
        foreach (var data in new[] { "hello"u8.ToArray(), WakeUp(port: 2948).ToUserData(), WakeUp(seId: "86000000000000000002").ToUserData(), ours.ToUserData(), ours.ToUserData(), second.ToUserData() })
            handsets.Deliver("10657", Msisdn, udhi: data.Length == WakeUpMessage.Length, 4, data);
        var handled = new List<WakeUpMessage>();
        var output = new StringWriter();
        var listener = new PushListener(
            new PushListenerOptions { Msisdn = Msisdn, SeId = SeId, Count = 2, Wait = TimeSpan.FromSeconds(10) },
            handsets.ReceiveAsync,
            (push, _) =>
            {
                handled.Add(push);
                return Task.FromResult(handled.Count == 1 ? new PushOutcome(true, "sync succeeded") : new PushOutcome(false, "refused: HTTP 410 Push serial expired"));
            },
            output);

        var result = await listener.RunAsync();

        Assert.Equal([ours, second], handled);
        Assert.Equal(new PushListenerResult(Handled: 2, Succeeded: 1, Ignored: 4), result);
        Assert.False(result.AllSucceeded);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("ignored: SMS from 10657: not a wake-up", lines[0], StringComparison.Ordinal);
        Assert.Contains("for port 2948", lines[1], StringComparison.Ordinal);
        Assert.Contains("for SE 86000000000000000002", lines[2], StringComparison.Ordinal);
        Assert.Equal($"push {ours.Serial}: sync succeeded", lines[3]);
        Assert.Equal($"ignored: push {ours.Serial}: already handled (a repeated SMS)", lines[4]);
        Assert.Equal($"push {second.Serial}: refused: HTTP 410 Push serial expired", lines[5]);
    }

    [Fact]
    public async Task A_handler_exception_is_a_failed_push_and_cancellation_ends_the_run_quietly()
    {
        var handsets = new Handsets();
        var push = WakeUp();
        handsets.Deliver("10657", Msisdn, true, 4, push.ToUserData());
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var listener = new PushListener(
            new PushListenerOptions { Msisdn = Msisdn, SeId = SeId, Wait = TimeSpan.FromSeconds(30) },
            handsets.ReceiveAsync,
            (_, _) =>
            {
                stop.Cancel();
                throw new HttpRequestException("connection refused");
            },
            output);

        var result = await listener.RunAsync(stop.Token);

        Assert.Equal(new PushListenerResult(1, 0, 0), result);
        Assert.Equal($"push {push.Serial}: failed: connection refused{Environment.NewLine}", output.ToString());
    }

    [Fact]
    public async Task A_wake_up_submitted_over_smpp_reaches_the_listener_over_the_air_interface()
    {
        await using var servers = SmscServers.Start(new SmscCommandOptions(new SmppSmscOptions { Port = 0 }, AirPort: 0));
        using var air = new HttpClient { BaseAddress = servers.Air!.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var wire = await SmppWire.ConnectAsync(servers.Smpp!.Port);
        await wire.CallAsync(new Bind { SystemId = "tsm", Password = "x", Sequence = 1 });
        var push = WakeUp();
        await wire.CallAsync(new SubmitSm
        {
            Sequence = 2,
            Source = SmppAddress.Unknown("10657"),
            Destination = SmppAddress.International(Msisdn),
            EsmClass = SmppEsmClass.Udhi,
            DataCoding = 4,
            ShortMessage = push.ToUserData(),
        });
        WakeUpMessage? handled = null;
        var listener = new PushListener(
            new PushListenerOptions { Msisdn = Msisdn, SeId = SeId, Count = 1, Wait = TimeSpan.FromSeconds(10) },
            new AirInterfaceClient(air).ReceiveAsync,
            (wakeUp, _) =>
            {
                handled = wakeUp;
                return Task.FromResult(new PushOutcome(true, "sync succeeded"));
            },
            TextWriter.Null);

        var result = await listener.RunAsync();

        Assert.True(result.AllSucceeded);
        Assert.Equal(push, handled);
    }
}
