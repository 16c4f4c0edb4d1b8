using System.Text;
using Tsm.Protocol;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary>The SMSC simulator on the wire, PDU by PDU, as the spec says an SMSC answers.</summary>
public sealed class SmppSmscTests
{
    private static readonly Dictionary<string, string> Accounts = new() { ["esme"] = "pw" };

    private static async Task<SmppSmsc> StartAsync(SmppSmscOptions? options = null)
    {
        // Deliveries to the ESME are tried again after 50 ms here, not the realistic 10 s (SmppSmscConformanceTests has the schedule).
        var smsc = new SmppSmsc((options ?? new SmppSmscOptions()) with { Port = 0, Accounts = Accounts, DeliverRetryPause = TimeSpan.FromMilliseconds(50) });
        smsc.Start();
        await Task.CompletedTask;
        return smsc;
    }

    private static Bind Bind(string password = "pw", SmppBindMode mode = SmppBindMode.Transceiver) =>
        new() { Mode = mode, SystemId = "esme", Password = password, Sequence = 1 };

    private static SubmitSm Submit(uint sequence, byte registeredDelivery = 0) => new()
    {
        Sequence = sequence,
        Source = SmppAddress.Unknown("10657"),
        Destination = SmppAddress.International("8613900000000"),
        EsmClass = 0x40,
        DataCoding = 4,
        RegisteredDelivery = registeredDelivery,
        ShortMessage = Hex.Parse("0605040B8423F0AABBCC"),
    };

    [Theory]
    [InlineData("pw", SmppStatus.ROK)]
    [InlineData("bad", SmppStatus.RINVPASWD)]
    public async Task Binds_are_checked_against_the_credentials(string password, uint status)
    {
        await using var smsc = await StartAsync();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        var resp = Assert.IsType<BindResp>(await wire.CallAsync(Bind(password)));
        Assert.Equal(status, resp.Status);
        Assert.Equal(1u, resp.Sequence);
        Assert.Equal(SmppBindMode.Transceiver, resp.Mode);
        if (status == SmppStatus.ROK)
            Assert.Equal(0x34u, resp.FindTlv(SmppTlvTag.ScInterfaceVersion)!.Value.AsUInt());
    }

    [Fact]
    public async Task An_unknown_system_id_gets_RINVSYSID_and_a_second_bind_RALYBND()
    {
        await using var smsc = await StartAsync();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        Assert.Equal(SmppStatus.RINVSYSID, (await wire.CallAsync(new Bind { SystemId = "who", Password = "pw", Sequence = 1 })).Status);
        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(Bind())).Status);
        Assert.Equal(SmppStatus.RALYBND, (await wire.CallAsync(Bind() with { Sequence = 2 })).Status);
    }

    [Fact]
    public async Task Refused_binds_get_the_configured_status()
    {
        await using var smsc = await StartAsync(new SmppSmscOptions { RefuseBinds = true });
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        Assert.Equal(SmppStatus.RBINDFAIL, (await wire.CallAsync(Bind())).Status);
        Assert.Equal(SmppStatus.RBINDFAIL, Assert.Single(smsc.Binds).Status);
    }

    [Fact]
    public async Task A_submit_before_bind_is_RINVBNDSTS()
    {
        await using var smsc = await StartAsync();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        var resp = Assert.IsType<SubmitSmResp>(await wire.CallAsync(Submit(5)));
        Assert.Equal(SmppStatus.RINVBNDSTS, resp.Status);
        Assert.Equal(5u, resp.Sequence);
    }

    [Fact]
    public async Task A_receiver_may_not_submit()
    {
        await using var smsc = await StartAsync();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(Bind(mode: SmppBindMode.Receiver));
        Assert.Equal(SmppStatus.RINVBNDSTS, (await wire.CallAsync(Submit(2))).Status);
    }

    [Fact]
    public async Task Submits_get_distinct_ids_and_a_receipt_when_asked()
    {
        await using var smsc = await StartAsync(new SmppSmscOptions { ReceiptDelay = TimeSpan.Zero });
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(Bind());
        var first = Assert.IsType<SubmitSmResp>(await wire.CallAsync(Submit(2, registeredDelivery: 1)));
        var second = Assert.IsType<SubmitSmResp>(await wire.CallAsync(Submit(3)));
        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.Equal(2, smsc.Submits.Count);

        var receipt = Assert.IsType<DeliverSm>(await wire.ReceiveAsync());
        Assert.True(receipt.IsDeliveryReceipt);
        Assert.Equal("8613900000000", receipt.Source.Address);
        Assert.Equal("10657", receipt.Destination.Address);
        Assert.True(SmppDeliveryReceipt.TryFrom(receipt, out var parsed));
        Assert.Equal(first.MessageId, parsed!.MessageId);
        Assert.Equal(SmppMessageState.Delivered, parsed.State);
        Assert.True(SmppDeliveryReceipt.TryParseText(receipt.ShortMessage.Span, out var text));
        Assert.Equal(first.MessageId, text!.MessageId);
        await wire.SendAsync(new DeliverSmResp { Sequence = receipt.Sequence });
        await SpinUntil(() => smsc.ReceiptsAcknowledged == 1);

        // No receipt was asked for the second submit: query_sm says DELIVERED for the first only.
        Assert.Equal((byte)SmppMessageState.Delivered, Assert.IsType<QuerySmResp>(await wire.CallAsync(new QuerySm { MessageId = first.MessageId, Sequence = 9 })).MessageState);
        Assert.Equal((byte)SmppMessageState.Enroute, Assert.IsType<QuerySmResp>(await wire.CallAsync(new QuerySm { MessageId = second.MessageId, Sequence = 10 })).MessageState);
    }

    [Fact]
    public async Task Receipt_text_ids_can_be_decimal()
    {
        await using var smsc = await StartAsync(new SmppSmscOptions { ReceiptDelay = TimeSpan.Zero, ReceiptIdInDecimal = true, ReceiptTlvs = false });
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(Bind());
        var resp = Assert.IsType<SubmitSmResp>(await wire.CallAsync(Submit(2, registeredDelivery: 1)));
        var receipt = Assert.IsType<DeliverSm>(await wire.ReceiveAsync());
        Assert.Empty(receipt.Tlvs);
        Assert.True(SmppDeliveryReceipt.TryFrom(receipt, out var parsed));
        Assert.NotEqual(resp.MessageId, parsed!.MessageId);
        Assert.True(SmppMessageIds.Match(resp.MessageId, parsed.MessageId));
    }

    [Fact]
    public async Task Mo_messages_are_delivered_on_demand_and_their_status_returned()
    {
        await using var smsc = await StartAsync();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(Bind());
        var sending = smsc.SendMoTextAsync("esme", "8613900000000", "10657", "INFO");
        var mo = Assert.IsType<DeliverSm>(await wire.ReceiveAsync());
        Assert.False(mo.IsDeliveryReceipt);
        Assert.Equal("INFO", Encoding.ASCII.GetString(mo.ShortMessage.Span));
        await wire.SendAsync(new DeliverSmResp { Sequence = mo.Sequence, Status = SmppStatus.RX_T_APPN });
        // A temporary error: the SMSC tries again.
        var again = Assert.IsType<DeliverSm>(await wire.ReceiveAsync());
        await wire.SendAsync(new DeliverSmResp { Sequence = again.Sequence });
        Assert.Equal(SmppStatus.ROK, await sending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, smsc.MoAcknowledged);
    }

    [Fact]
    public async Task Throttling_starts_above_the_rate()
    {
        await using var smsc = await StartAsync(new SmppSmscOptions { ThrottleAbove = 3 });
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(Bind());
        var statuses = new List<uint>();
        for (uint i = 0; i < 5; i++)
            statuses.Add((await wire.CallAsync(Submit(10 + i))).Status);
        Assert.Equal([SmppStatus.ROK, SmppStatus.ROK, SmppStatus.ROK, SmppStatus.RTHROTTLED, SmppStatus.RTHROTTLED], statuses);
        Assert.Equal(2, smsc.ThrottledCount);
    }

    [Fact]
    public async Task The_connection_is_dropped_every_n_pdus()
    {
        await using var smsc = await StartAsync(new SmppSmscOptions { DropEvery = 3 });
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(Bind());
        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(Submit(2))).Status);
        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(Submit(3))).Status);
        await wire.SendAsync(Submit(4));
        Assert.Null(await wire.ReceiveAsync());
        Assert.Equal(1, smsc.Drops);
    }

    [Fact]
    public async Task Responses_can_be_delayed()
    {
        await using var smsc = await StartAsync(new SmppSmscOptions { ResponseDelay = TimeSpan.FromMilliseconds(200) });
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(Bind());
        await wire.SendAsync(new EnquireLink { Sequence = 7 });
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.IsType<EnquireLinkResp>(await wire.ReceiveAsync());
        Assert.True(started.ElapsedMilliseconds >= 150, $"{started.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task An_unknown_command_gets_generic_nack_and_the_session_goes_on()
    {
        await using var smsc = await StartAsync();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(Bind());
        await wire.SendRawAsync(Hex.Parse("00000010 00000777 00000000 00000042"));
        var nack = Assert.IsType<GenericNack>(await wire.ReceiveAsync());
        Assert.Equal(SmppStatus.RINVCMDID, nack.Status);
        Assert.Equal(0x42u, nack.Sequence);
        Assert.IsType<EnquireLinkResp>(await wire.CallAsync(new EnquireLink { Sequence = 43 }));
    }

    [Fact]
    public async Task A_bad_body_gets_the_commands_error_response()
    {
        await using var smsc = await StartAsync();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(Bind());
        var bytes = SmppCodec.ToArray(Submit(8));
        bytes[16 + 3 + 6 + 2 + 14 + 9] = 200; // sm_length past the body
        await wire.SendRawAsync(bytes);
        var resp = Assert.IsType<SubmitSmResp>(await wire.ReceiveAsync());
        Assert.Equal(SmppStatus.RINVMSGLEN, resp.Status);
        Assert.Equal(8u, resp.Sequence);
    }

    [Fact]
    public async Task A_bad_command_length_gets_generic_nack_and_the_connection_closes()
    {
        await using var smsc = await StartAsync();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.SendRawAsync(Hex.Parse("00000008 00000015 00000000 00000011"));
        var nack = Assert.IsType<GenericNack>(await wire.ReceiveAsync());
        Assert.Equal(SmppStatus.RINVCMDLEN, nack.Status);
        Assert.Null(await wire.ReceiveAsync());
    }

    [Fact]
    public async Task Unbind_is_answered_and_closes()
    {
        await using var smsc = await StartAsync();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.CallAsync(Bind());
        Assert.IsType<UnbindResp>(await wire.CallAsync(new Unbind { Sequence = 3 }));
        Assert.Null(await wire.ReceiveAsync());
    }

    private static async Task SpinUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(10, cts.Token);
    }
}
