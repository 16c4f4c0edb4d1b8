using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Smpp;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Gateway.Tests.Sms;

/// <summary>Our SMPP ESME against our SMSC simulator over real sockets: submits, window, receipts, MO, faults.</summary>
public sealed class SmppEsmeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_submit_gets_a_message_id_and_the_smsc_sees_the_wake_up()
    {
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { Receipts = false });
        var result = await kit.Esme.SubmitAsync(SmppKit.WakeUp(1)).WaitAsync(Wait);
        Assert.True(result.Accepted);
        var received = Assert.Single(kit.Smsc.Submits);
        Assert.Equal(result.MessageId, received.MessageId);
        var submit = Assert.IsType<SubmitSm>(received.Pdu);
        Assert.Equal(78, SmppCodec.ToArray(submit).Length);
        Assert.Equal(0x40, submit.EsmClass);
        Assert.Equal(4, submit.DataCoding);
        Assert.Equal(1, submit.RegisteredDelivery);
        Assert.Equal("10657", submit.Source.Address);
        Assert.Equal(SmppBindMode.Transceiver, Assert.Single(kit.Smsc.Binds).Mode);
    }

    [Fact]
    public async Task The_window_bounds_unanswered_submits()
    {
        await using var kit = await SmppKit.StartAsync(
            new SmppSmscOptions { Receipts = false, ResponseDelay = TimeSpan.FromMilliseconds(30) },
            a => a.Window = 4);
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => kit.Esme.SubmitAsync(SmppKit.WakeUp(i)))).WaitAsync(Wait);
        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.Equal(40, results.Select(r => r.MessageId).Distinct().Count());
        Assert.Equal(4, kit.Smsc.PeakUnanswered); // filled, never exceeded
    }

    [Fact]
    public async Task Receipts_reach_the_handler_with_ids_that_match_the_submit_even_in_decimal()
    {
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { ReceiptDelay = TimeSpan.FromMilliseconds(10), ReceiptIdInDecimal = true, ReceiptTlvs = false });
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => kit.Esme.SubmitAsync(SmppKit.WakeUp(i)))).WaitAsync(Wait);
        var reports = await kit.Handler.TakeAsync(kit.Handler.Reports, 5, Wait);
        foreach (var result in results)
        {
            var report = Assert.Single(reports, r => SmppMessageIds.Match(result.MessageId!, r.MessageId));
            Assert.Contains(SmppMessageIds.Normalize(result.MessageId!), report.MessageIdCandidates);
            Assert.Equal(SmsDeliveryState.Delivered, report.State);
            Assert.Equal("8613900000000", report.Recipient);
        }
        await WaitUntil(() => kit.Smsc.ReceiptsAcknowledged == 5);
    }

    [Fact]
    public async Task An_undeliverable_receipt_says_so()
    {
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { ReceiptDelay = TimeSpan.Zero, UndeliverableDestinations = new HashSet<string> { "8613900000009" } });
        var result = await kit.Esme.SubmitAsync(SmppKit.WakeUp(1, "8613900000009")).WaitAsync(Wait);
        var report = Assert.Single(await kit.Handler.TakeAsync(kit.Handler.Reports, 1, Wait));
        Assert.Equal(result.MessageId, report.MessageId); // from TLV 0x001E
        Assert.Equal(SmsDeliveryState.Undeliverable, report.State);
    }

    [Fact]
    public async Task An_mo_message_reaches_the_handler_and_is_acknowledged()
    {
        await using var kit = await SmppKit.StartAsync();
        var status = await kit.Smsc.SendMoTextAsync(SmppKit.SystemId, "8613900000000", "10657", "SYNC").WaitAsync(Wait);
        Assert.Equal(SmppStatus.ROK, status);
        var mo = Assert.Single(await kit.Handler.TakeAsync(kit.Handler.Messages, 1, Wait));
        Assert.Equal("8613900000000", mo.Source);
        Assert.Equal("10657", mo.Destination);
        Assert.Equal("SYNC", System.Text.Encoding.ASCII.GetString(mo.UserData.Span));
        Assert.Equal("test", mo.Account);
    }

    [Fact]
    public async Task A_failing_handler_answers_a_temporary_error_and_the_smsc_delivers_again()
    {
        var flaky = new FlakyHandler(failures: 2);
        await using var kit = await SmppKit.StartAsync(handler: flaky);
        var status = await kit.Smsc.SendMoTextAsync(SmppKit.SystemId, "8613900000000", "10657", "HELLO").WaitAsync(Wait);
        Assert.Equal(SmppStatus.ROK, status);
        Assert.Equal(3, flaky.Calls);
    }

    [Fact]
    public async Task Dropped_connections_are_rebound_and_no_submit_is_lost()
    {
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { Receipts = false, DropEvery = 17 }, a => a.Window = 8);
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => kit.Esme.SubmitAsync(SmppKit.WakeUp(i)))).WaitAsync(Wait);
        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.True(kit.Smsc.Drops >= 10, $"drops: {kit.Smsc.Drops}");
        Assert.True(kit.Esme.Links.Links[0].Binds > kit.Smsc.Drops / 2, $"binds: {kit.Esme.Links.Links[0].Binds}");
        // Every serial reached the SMSC at least once (in-doubt submits are re-sent).
        var serials = kit.Smsc.Submits.Select(s => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(((SubmitSm)s.Pdu).ShortMessage.Span[23..])).ToHashSet();
        Assert.Equal(200, serials.Count);
    }

    [Fact]
    public async Task Throttling_pauses_and_requeues_without_failing_the_caller()
    {
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { Receipts = false, ThrottleAbove = 40 }, a => a.ThrottlePause = TimeSpan.FromMilliseconds(200));
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => kit.Esme.SubmitAsync(SmppKit.WakeUp(i)))).WaitAsync(Wait);
        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.True(kit.Smsc.ThrottledCount > 0);
        Assert.Equal(100, kit.Smsc.SubmitCount);
        Assert.Contains(kit.Logger.Lines, l => l.Contains("throttled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_account_rate_limit_spreads_submits()
    {
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { Receipts = false, ThrottleAbove = 25 }, a => a.RatePerSecond = 20);
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => kit.Esme.SubmitAsync(SmppKit.WakeUp(i)))).WaitAsync(Wait);
        Assert.All(results, r => Assert.True(r.Accepted));
        // At 20/s with bursts of a tenth of a second the SMSC's 25/s limit is never crossed.
        Assert.Equal(0, kit.Smsc.ThrottledCount);
    }

    [Fact]
    public async Task Several_links_per_account_share_the_work()
    {
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { Receipts = false, ResponseDelay = TimeSpan.FromMilliseconds(20) }, a => { a.Links = 3; a.Window = 2; });
        await kit.Esme.Links.WaitUntilAllBoundAsync().WaitAsync(Wait);
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => kit.Esme.SubmitAsync(SmppKit.WakeUp(i)))).WaitAsync(Wait);
        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.Equal(3, kit.Smsc.Binds.Count);
        Assert.Equal(6, kit.Smsc.PeakUnanswered); // 3 links × window 2
    }

    [Fact]
    public async Task A_refused_bind_is_retried_with_back_off_and_the_password_never_appears_in_logs()
    {
        await using var kit = await SmppKit.StartAsync(waitForBind: false, account: a => a.Password = "wrongpw");
        await WaitUntil(() => kit.Smsc.Binds.Count >= 2);
        Assert.All(kit.Smsc.Binds, b => Assert.Equal(SmppStatus.RINVPASWD, b.Status));
        Assert.Equal(SmsLinkState.Connecting, kit.Esme.Links.Links[0].State);
        Assert.Contains(kit.Logger.Lines, l => l.Contains("ESME_RINVPASWD", StringComparison.Ordinal));
        Assert.DoesNotContain(kit.Logger.Lines, l => l.Contains("wrongpw", StringComparison.Ordinal) || l.Contains(SmppKit.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_smsc_that_refuses_every_bind_gets_its_status_logged()
    {
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { RefuseBinds = true }, waitForBind: false);
        await WaitUntil(() => kit.Smsc.Binds.Count >= 1);
        await WaitUntil(() => kit.Logger.Lines.Any(l => l.Contains("ESME_RBINDFAIL", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_rejected_submit_is_returned_not_retried()
    {
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { Receipts = false });
        var result = await kit.Esme.SubmitAsync(SmppKit.WakeUp(1, destination: "")).WaitAsync(Wait);
        Assert.False(result.Accepted);
        Assert.Equal(SmppStatus.RINVDSTADR, result.ErrorCode);
        Assert.Equal("ESME_RINVDSTADR", result.ErrorName);
        Assert.Single(kit.Smsc.Submits);
    }

    [Fact]
    public async Task Idle_links_send_enquire_link_and_survive()
    {
        await using var kit = await SmppKit.StartAsync(new SmppSmscOptions { Receipts = false }, a => a.EnquireLinkInterval = TimeSpan.FromMilliseconds(50));
        await Task.Delay(300);
        Assert.Equal(SmsLinkState.Bound, kit.Esme.Links.Links[0].State);
        Assert.Equal(1, kit.Esme.Links.Links[0].Binds);
        Assert.True((await kit.Esme.SubmitAsync(SmppKit.WakeUp(1)).WaitAsync(Wait)).Accepted);
    }

    [Fact]
    public async Task A_silent_smsc_is_detected_by_the_keep_alive_and_the_link_rebinds()
    {
        // Responses slower than the response timeout: enquire_link goes unanswered and the link is re-opened.
        await using var kit = await SmppKit.StartAsync(
            new SmppSmscOptions { Receipts = false, ResponseDelay = TimeSpan.FromMilliseconds(400) },
            a => { a.EnquireLinkInterval = TimeSpan.FromMilliseconds(50); a.ResponseTimeout = TimeSpan.FromMilliseconds(100); },
            waitForBind: false);
        await WaitUntil(() => kit.Esme.Links.Links[0].Binds >= 2);
        Assert.Contains(kit.Logger.Lines, l => l.Contains("keep-alives unanswered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_unbinds_after_outstanding_responses()
    {
        var kit = await SmppKit.StartAsync(new SmppSmscOptions { Receipts = false, ResponseDelay = TimeSpan.FromMilliseconds(50) });
        var pending = Enumerable.Range(0, 10).Select(i => kit.Esme.SubmitAsync(SmppKit.WakeUp(i))).ToList();
        await WaitUntil(() => kit.Esme.Links.Links[0].InFlight > 0);
        await kit.Esme.StopAsync().WaitAsync(Wait);
        Assert.Equal(SmsLinkState.Stopped, kit.Esme.Links.Links[0].State);
        Assert.Contains(pending, p => p.IsCompletedSuccessfully && p.Result.Accepted);
        Assert.All(pending, p => Assert.True(p.IsCompleted));
        await WaitUntil(() => kit.Smsc.BoundSessions == 0);
        await Assert.ThrowsAsync<SmsLinkException>(() => kit.Esme.SubmitAsync(SmppKit.WakeUp(99)));
        await kit.DisposeAsync();
    }

    [Fact]
    public async Task A_receiver_bind_cannot_submit()
    {
        await using var kit = await SmppKit.StartAsync(account: a => a.BindMode = SmppBindMode.Receiver);
        Assert.Equal(SmppBindMode.Receiver, Assert.Single(kit.Smsc.Binds).Mode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => kit.Esme.SubmitAsync(SmppKit.WakeUp(1)));
        Assert.Equal(SmppStatus.ROK, await kit.Smsc.SendMoTextAsync(SmppKit.SystemId, "8613900000000", "10657", "HI").WaitAsync(Wait));
    }

    [Fact]
    public void Options_are_validated_without_revealing_the_password()
    {
        var options = new SmppOptions();
        options.Accounts.Add(new SmppAccountOptions { Name = "a", SystemId = "", Password = "toolongpassword", Port = 0, Window = 0 });
        options.Accounts.Add(new SmppAccountOptions { Name = "a", SystemId = "x", Port = 2775 });
        var result = new SmppOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        var text = string.Join("\n", result.Failures!);
        Assert.Contains("Sms:Smpp:Accounts:0:SystemId", text, StringComparison.Ordinal);
        Assert.Contains("Sms:Smpp:Accounts:0:Password", text, StringComparison.Ordinal);
        Assert.Contains("Sms:Smpp:Accounts:0:Port", text, StringComparison.Ordinal);
        Assert.Contains("Sms:Smpp:Accounts:0:Window", text, StringComparison.Ordinal);
        Assert.Contains("'a' is used more than once", text, StringComparison.Ordinal);
        Assert.DoesNotContain("toolongpassword", text, StringComparison.Ordinal);
        Assert.Equal(ValidateOptionsResult.Success, new SmppOptionsValidator().Validate(null, new SmppOptions()));
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Wait);
        while (!condition())
            await Task.Delay(10, cts.Token);
    }

    private sealed class FlakyHandler(int failures) : ISmsInboundHandler
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask OnDeliveryReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) <= failures ? throw new InvalidOperationException("store unavailable") : ValueTask.CompletedTask;
    }
}
