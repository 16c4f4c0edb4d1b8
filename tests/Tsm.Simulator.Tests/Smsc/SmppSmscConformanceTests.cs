using Microsoft.Extensions.Time.Testing;
using Tsm.Protocol;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Smsc;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary>
/// The SMSC simulator's deviations an independent ESME found, each against its SMPP 3.4 clause; the retry schedule of
/// deliveries to the ESME; message ids as a restarted or wrapping SMSC gives them; and binary MO from standard input.
/// </summary>
public sealed class SmppSmscConformanceTests
{
    private static readonly Dictionary<string, string> Accounts = new() { ["esme"] = "pw" };

    private static SmppSmsc Start(SmppSmscOptions? options = null, TimeProvider? time = null)
    {
        var smsc = new SmppSmsc((options ?? new SmppSmscOptions()) with { Port = 0, Accounts = Accounts }, time: time);
        smsc.Start();
        return smsc;
    }

    private static Bind Bind() => new() { Mode = SmppBindMode.Transceiver, SystemId = "esme", Password = "pw", Sequence = 1 };

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

    /// <summary>§3.2.1.3, §4.1.2, §4.4.2: a response whose command_status is not 0 has no body (16 octets in all).</summary>
    [Fact]
    public async Task Error_responses_carry_no_body()
    {
        await using var smsc = Start(new SmppSmscOptions { ThrottleAbove = 1 });
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        await wire.SendAsync(Bind() with { Password = "wrong" });
        var refused = await wire.ReceiveRawAsync();
        Assert.Equal(16, refused.Length);
        Assert.Equal("80000009" + "0000000E", Convert.ToHexString(refused.AsSpan(4, 8))); // bind_transceiver_resp ESME_RINVPASWD

        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(Bind() with { Sequence = 2 })).Status);
        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(Submit(3))).Status);
        await wire.SendAsync(Submit(4));
        var throttled = await wire.ReceiveRawAsync();
        Assert.Equal("00000010" + "80000004" + "00000058" + "00000004", Convert.ToHexString(throttled)); // ESME_RTHROTTLED
    }

    /// <summary>§2.3 and §4.2: unbind is an operation of a bound session; before bind it gets ESME_RINVBNDSTS.</summary>
    [Fact]
    public async Task Unbind_before_bind_is_RINVBNDSTS_and_the_connection_stays()
    {
        await using var smsc = Start();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        var resp = await wire.CallAsync(new Unbind { Sequence = 5 });
        Assert.Equal((SmppCommandId.UnbindResp, SmppStatus.RINVBNDSTS, 5u), (resp.CommandId, resp.Status, resp.Sequence));
        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(Bind())).Status);
        Assert.IsType<UnbindResp>(await wire.CallAsync(new Unbind { Sequence = 6 }));
        Assert.Null(await wire.ReceiveAsync());
    }

    /// <summary>§7.2, session_init_timer: a connection that does not bind in time is closed by the SMSC.</summary>
    [Fact]
    public async Task A_connection_not_bound_within_the_session_init_time_is_closed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = Start(new SmppSmscOptions { SessionInitTimeout = TimeSpan.FromSeconds(30) }, time);
        using var idle = await SmppWire.ConnectAsync(smsc.Port);
        using var bound = await SmppWire.ConnectAsync(smsc.Port);
        Assert.IsType<EnquireLinkResp>(await idle.CallAsync(new EnquireLink { Sequence = 1 })); // the session runs, its timer set
        Assert.Equal(SmppStatus.ROK, (await bound.CallAsync(Bind())).Status);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.IsType<EnquireLinkResp>(await idle.CallAsync(new EnquireLink { Sequence = 2 }));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await idle.ReceiveAsync());
        Assert.IsType<EnquireLinkResp>(await bound.CallAsync(new EnquireLink { Sequence = 3 }));
    }

    /// <summary>
    /// A receipt refused with ESME_RX_T_APPN (the ESME could not store it) is delivered again on the schedule: the pause
    /// doubles up to its maximum, and the receipt is kept until it is acknowledged — not given up after a few seconds.
    /// </summary>
    [Fact]
    public async Task A_receipt_refused_with_a_temporary_error_is_delivered_again_on_the_schedule_until_acknowledged()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = Start(new SmppSmscOptions
        {
            ReceiptDelay = TimeSpan.Zero,
            DeliverRetryPause = TimeSpan.FromSeconds(10),
            DeliverMaxRetryPause = TimeSpan.FromSeconds(40),
            DeliverGiveUpAfter = TimeSpan.FromHours(1),
        }, time);
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(Bind())).Status);
        await wire.SendAsync(Submit(2, registeredDelivery: 1));
        // The receipt may come before the submit_sm_resp (no receipt delay): take both, in either order.
        var first = await wire.ReceiveAsync();
        var second = await wire.ReceiveAsync();
        Assert.Single(new[] { first, second }.OfType<SubmitSmResp>(), r => r.Status == SmppStatus.ROK);
        var receipt = Assert.Single(new[] { first, second }.OfType<DeliverSm>());

        // Refused 11 times: pauses of 10, 20, 40, 40 ... seconds; each try comes only once its pause has passed.
        var pauses = new[] { 10, 20, 40, 40, 40, 40, 40, 40, 40, 40, 40 };
        for (var i = 0; i < pauses.Length; i++)
        {
            await wire.SendAsync(new DeliverSmResp { Status = SmppStatus.RX_T_APPN, Sequence = receipt.Sequence });
            var tries = i + 1;
            await SpinUntil(() => smsc.DeliveryRetries == tries);
            time.Advance(TimeSpan.FromSeconds(pauses[i] - 1));
            Assert.True(await wire.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
            time.Advance(TimeSpan.FromSeconds(1));
            receipt = Assert.IsType<DeliverSm>(await wire.ReceiveAsync());
            Assert.True(receipt.IsDeliveryReceipt);
        }
        await wire.SendAsync(new DeliverSmResp { Sequence = receipt.Sequence });
        await SpinUntil(() => smsc.ReceiptsAcknowledged == 1);
        Assert.Equal(pauses.Length, smsc.DeliveryRetries);
    }

    [Fact]
    public async Task A_restarted_SMSC_without_an_id_prefix_gives_its_ids_again_from_the_first_number_and_they_wrap()
    {
        var options = new SmppSmscOptions { MessageIdPrefix = "", Receipts = false, MessageNumberWrap = 3 };
        foreach (var run in new[] { 1, 2 })
        {
            await using var smsc = Start(options);
            using var wire = await SmppWire.ConnectAsync(smsc.Port);
            Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(Bind())).Status);
            var ids = new List<string>();
            for (uint i = 0; i < 4; i++)
                ids.Add(Assert.IsType<SubmitSmResp>(await wire.CallAsync(Submit(2 + i))).MessageId);
            Assert.Equal(["00000001", "00000002", "00000003", "00000001"], ids);
        }
        await using var counting = Start(new SmppSmscOptions { MessageIdPrefix = "AB", FirstMessageNumber = 0x10, Receipts = false });
        using var other = await SmppWire.ConnectAsync(counting.Port);
        Assert.Equal(SmppStatus.ROK, (await other.CallAsync(Bind())).Status);
        Assert.Equal("AB00000010", Assert.IsType<SubmitSmResp>(await other.CallAsync(Submit(2))).MessageId);
    }

    /// <summary>§5.2.19 data_coding: <c>mo-hex</c> injects binary MO (data_coding 4 by default, or the one given) with or without a UDH.</summary>
    [Fact]
    public void Mo_hex_takes_a_data_coding_and_udhi()
    {
        var binary = SmppMoCommand.Parse(["mo-hex", "esme", "8613900000001", "10657", "0605043F11", "0000AABB"]);
        Assert.Equal(("esme", "8613900000001", "10657", (byte)4, (byte)0), (binary.SystemId, binary.Source, binary.Destination, binary.DataCoding, binary.EsmClass));
        Assert.Equal(Hex.Parse("0605043F110000AABB"), binary.Data);
        var withUdh = SmppMoCommand.Parse(["mo-hex", "esme", "1", "2", "0605043F110000", "dc=245", "udhi"]);
        Assert.Equal(((byte)245, SmppEsmClass.Udhi), (withUdh.DataCoding, withUdh.EsmClass));
        var text = SmppMoCommand.Parse(["mo", "esme", "1", "2", "SYNC", "now"]);
        Assert.Equal("SYNC now"u8.ToArray(), text.Data);
        Assert.Equal(0, text.DataCoding);
        Assert.Throws<FormatException>(() => SmppMoCommand.Parse(["mo-hex", "esme", "1", "2", "ZZ"]));
        Assert.Throws<FormatException>(() => SmppMoCommand.Parse(["mo-hex", "esme", "1", "2", "00", "dc=256"]));
    }

    [Fact]
    public async Task A_binary_MO_reaches_the_ESME_with_its_data_coding()
    {
        await using var smsc = Start();
        using var wire = await SmppWire.ConnectAsync(smsc.Port);
        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(Bind())).Status);
        var mo = SmppMoCommand.Parse(["mo-hex", "esme", "8613900000001", "10657", "0605043F110000AABB", "udhi"]);
        var sent = smsc.SendMoAsync(mo.SystemId, SmppAddress.International(mo.Source), SmppAddress.Unknown(mo.Destination), mo.Data, mo.DataCoding, mo.EsmClass);
        var deliver = Assert.IsType<DeliverSm>(await wire.ReceiveAsync());
        Assert.Equal(((byte)4, SmppEsmClass.Udhi), (deliver.DataCoding, deliver.EsmClass));
        Assert.Equal(mo.Data, deliver.ShortMessage.ToArray());
        await wire.SendAsync(new DeliverSmResp { Sequence = deliver.Sequence });
        Assert.Equal(SmppStatus.ROK, await sent);
    }

    private static async Task SpinUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.True(condition());
    }
}
