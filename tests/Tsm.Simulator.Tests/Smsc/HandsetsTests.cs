using Tsm.Protocol;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Protocol.Sms.Push;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Smsc;
using Tsm.Simulator.Smsc.Cmpp;
using Tsm.Simulator.Smsc.Smpp;
using Tsm.Simulator.Tests.Smsc.Cmpp;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary>The air side of the SMS centres: what an SMSC simulator accepts reaches the handset of its destination.</summary>
public sealed class HandsetsTests
{
    private const string Msisdn = "8613900000001";
    private const string SeId = "86000000000000000001";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    internal static byte[] WakeUpData(string seId = SeId, ushort port = 0x3F11) =>
        new WakeUpMessage(seId, PushSerial.New(DateTimeOffset.UtcNow), port, 0).ToUserData();

    [Fact]
    public async Task A_submit_sm_over_the_wire_lands_in_the_handset_of_its_destination_intact()
    {
        var handsets = new Handsets();
        await using var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Handsets = handsets });
        smsc.Start();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(new Bind { Mode = SmppBindMode.Transmitter, SystemId = "tsm", Password = "x", Sequence = 1 })).Status);
        var userData = WakeUpData();

        var resp = await wire.CallAsync(new SubmitSm
        {
            Sequence = 2,
            Source = SmppAddress.Unknown("10657"),
            Destination = SmppAddress.International("+" + Msisdn),
            EsmClass = SmppEsmClass.Udhi,
            DataCoding = 4,
            ShortMessage = userData,
        });

        Assert.Equal(SmppStatus.ROK, resp.Status);
        var message = await handsets.ReceiveAsync(Msisdn, Wait);
        Assert.NotNull(message);
        Assert.Equal(("10657", Msisdn, true, (byte)4), (message.Source, message.Destination, message.Udhi, message.DataCoding));
        Assert.Equal(userData, message.UserData.ToArray());
        Assert.InRange(message.At, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(0, handsets.Pending(Msisdn));
    }

    [Fact]
    public async Task A_data_sm_delivers_its_message_payload_and_a_text_submit_keeps_udhi_off()
    {
        var handsets = new Handsets();
        await using var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Handsets = handsets });
        smsc.Start();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(new Bind { SystemId = "tsm", Password = "x", Sequence = 1 });
        var payload = WakeUpData();

        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(new DataSm
        {
            Sequence = 2,
            Source = SmppAddress.Unknown("10657"),
            Destination = SmppAddress.International(Msisdn),
            EsmClass = SmppEsmClass.Udhi,
            DataCoding = 4,
            Tlvs = [new SmppTlv(SmppTlvTag.MessagePayload, payload)],
        })).Status);
        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(new SubmitSm
        {
            Sequence = 3,
            Source = SmppAddress.Unknown("10657"),
            Destination = SmppAddress.International(Msisdn),
            ShortMessage = "hello"u8.ToArray(),
        })).Status);

        var data = await handsets.ReceiveAsync(Msisdn, Wait);
        Assert.Equal((true, (byte)4), (data!.Udhi, data.DataCoding));
        Assert.Equal(payload, data.UserData.ToArray());
        var text = await handsets.ReceiveAsync(Msisdn, Wait);
        Assert.Equal((false, (byte)0, "hello"), (text!.Udhi, text.DataCoding, System.Text.Encoding.ASCII.GetString(text.UserData.Span)));
    }

    [Fact]
    public async Task A_throttled_submit_reaches_no_handset()
    {
        var handsets = new Handsets();
        await using var smsc = new SmppSmsc(new SmppSmscOptions { Port = 0, Handsets = handsets, ThrottleAbove = 1 });
        smsc.Start();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(new Bind { SystemId = "tsm", Password = "x", Sequence = 1 });
        var submit = new SubmitSm { Source = SmppAddress.Unknown("10657"), Destination = SmppAddress.International(Msisdn), ShortMessage = new byte[] { 1 } };

        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(submit with { Sequence = 2 })).Status);
        Assert.Equal(SmppStatus.RTHROTTLED, (await wire.CallAsync(submit with { Sequence = 3 })).Status);

        Assert.Equal(1, handsets.Pending(Msisdn));
        Assert.Equal(1, handsets.Delivered);
    }

    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public async Task A_cmpp_submit_lands_in_the_handset_of_each_destination_intact(CmppVersion version)
    {
        var handsets = new Handsets();
        await using var ismg = new CmppIsmgSimulator(new CmppIsmgOptions { Port = 0, Accounts = [new CmppIsmgAccount("901234", "s3cret")], Handsets = handsets });
        ismg.Start();
        await using var sp = await RawSp.ConnectAsync(ismg.Endpoint, "901234", "s3cret", version);
        var userData = WakeUpData();

        await sp.SendAsync(new CmppSubmit
        {
            SequenceId = sp.NextSequence(),
            ServiceId = "TSMPUSH",
            TpUdhi = 1,
            MsgFmt = CmppMsgFmt.Binary,
            MsgSrc = "901234",
            SrcId = "10657",
            DestTerminalIds = [Msisdn, "8613900000002"],
            MsgContent = userData,
        });
        Assert.Equal(CmppSubmitResult.Ok, (await sp.ReceiveAsync<CmppSubmitResp>()).Result);

        foreach (var destination in new[] { Msisdn, "8613900000002" })
        {
            var message = await handsets.ReceiveAsync(destination, Wait);
            Assert.NotNull(message);
            Assert.Equal(("10657", destination, true, CmppMsgFmt.Binary), (message.Source, message.Destination, message.Udhi, message.DataCoding));
            Assert.Equal(userData, message.UserData.ToArray());
        }
    }

    [Fact]
    public async Task A_refused_cmpp_submit_reaches_no_handset()
    {
        var handsets = new Handsets();
        await using var ismg = new CmppIsmgSimulator(new CmppIsmgOptions { Port = 0, Accounts = [new CmppIsmgAccount("901234", "s3cret")], Handsets = handsets });
        ismg.Start();
        await using var sp = await RawSp.ConnectAsync(ismg.Endpoint, "901234", "s3cret", CmppVersion.V30);

        // Msg_src is not the SP's own: Result 5 (docs/sms.md "CMPP 2.0 / 3.0").
        await sp.SendAsync(new CmppSubmit { SequenceId = sp.NextSequence(), MsgSrc = "999999", SrcId = "10657", DestTerminalIds = [Msisdn], MsgContent = new byte[] { 1 } });

        Assert.NotEqual(CmppSubmitResult.Ok, (await sp.ReceiveAsync<CmppSubmitResp>()).Result);
        Assert.Equal(0, handsets.Pending(Msisdn));
    }

    [Fact]
    public async Task Smsc_servers_share_one_handsets_between_smpp_and_cmpp()
    {
        await using var servers = SmscServers.Start(SmscCommand.Parse(["--smpp-port", "0", "--cmpp-port", "0", "--cmpp-account", "901234:s3cret"]));

        Assert.Same(servers.Handsets, servers.Smpp!.Options.Handsets);
        Assert.Same(servers.Handsets, servers.Cmpp!.Options.Handsets);
        Assert.Null(servers.Air);
    }

    [Fact]
    public async Task A_full_handset_drops_its_oldest_message()
    {
        var handsets = new Handsets(capacity: 2);
        for (var i = 1; i <= 3; i++)
            handsets.Deliver("10657", Msisdn, false, 0, new[] { (byte)i });

        Assert.Equal((3L, 1L, 2), (handsets.Delivered, handsets.Dropped, handsets.Pending(Msisdn)));
        Assert.Equal(2, (await handsets.ReceiveAsync(Msisdn, TimeSpan.Zero))!.UserData.Span[0]);
        Assert.Equal(3, (await handsets.ReceiveAsync(Msisdn, TimeSpan.Zero))!.UserData.Span[0]);
        Assert.Null(await handsets.ReceiveAsync(Msisdn, TimeSpan.Zero));
    }

    [Fact]
    public void Each_handset_has_its_own_queue_and_a_plus_reaches_the_same_one()
    {
        var handsets = new Handsets();
        handsets.Deliver("10657", "+" + Msisdn, true, 4, Hex.Parse("01"));
        handsets.Deliver("10657", "8613900000002", true, 4, Hex.Parse("02"));

        Assert.True(handsets.TryReceive("+" + Msisdn, out var mine));
        Assert.Equal((Msisdn, (byte)1), (mine!.Destination, mine.UserData.Span[0]));
        Assert.False(handsets.TryReceive(Msisdn, out _));
        Assert.Equal(1, handsets.Pending("8613900000002"));
    }

    [Fact]
    public async Task A_waiting_receiver_gets_the_message_that_comes_later_and_a_timeout_gives_null()
    {
        var handsets = new Handsets();
        var waiting = handsets.ReceiveAsync(Msisdn, Wait).AsTask();
        Assert.False(waiting.IsCompleted);

        handsets.Deliver("10657", Msisdn, false, 0, "late"u8);

        Assert.Equal("late"u8.ToArray(), (await waiting)!.UserData.ToArray());
        Assert.Null(await handsets.ReceiveAsync(Msisdn, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task A_cancelled_receive_throws_and_takes_nothing()
    {
        var handsets = new Handsets();
        using var cancel = new CancellationTokenSource();
        var waiting = handsets.ReceiveAsync(Msisdn, Wait, cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        handsets.Deliver("10657", Msisdn, false, 0, "kept"u8);
        Assert.Equal(1, handsets.Pending(Msisdn));
    }
}
