using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Mo;
using Tsm.Gateway.Sms.Push;

namespace Tsm.Gateway.Sms;

/// <summary>
/// The links' inbound handler: delivery receipts update the push records in group commits — each receipt is
/// acknowledged to the SMSC only once its commit is done, so a crash or a database outage before that makes the SMSC
/// deliver it again — and MO messages go to the <see cref="MoRouter"/>. Receipts held for their submit answer are
/// dropped, with a log line each, once older than <see cref="PushOptions.ReceiptHold"/> (docs/sms.md, "Receipt matching").
/// </summary>
public sealed partial class SmsInbound(
    PushStore store,
    MoRouter router,
    IOptions<PushOptions> options,
    TimeProvider time,
    ILogger<SmsInbound> logger) : BackgroundService, ISmsInboundHandler
{
    private readonly Channel<(PushReceipt Receipt, TaskCompletionSource Committed)> _receipts =
        Channel.CreateUnbounded<(PushReceipt, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    public async ValueTask OnDeliveryReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var state = report.State switch
        {
            SmsDeliveryState.Delivered => PushStates.Delivered,
            SmsDeliveryState.Expired => PushStates.Expired,
            SmsDeliveryState.Undeliverable or SmsDeliveryState.Rejected or SmsDeliveryState.Deleted or SmsDeliveryState.Unknown => PushStates.Failed,
            _ => null, // ENROUTE, ACCEPTD: not final
        };
        if (state is null)
            return;
        var receipt = new PushReceipt(report.Account, report.MessageId, report.MessageIdCandidates, state,
            $"{report.Stat}{(report.Error is null ? "" : " err:" + report.Error)}", report.ReceivedAt);
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _receipts.Writer.WriteAsync((receipt, committed), cancellationToken);
        await committed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken) =>
        await router.RouteAsync(message, cancellationToken);

    /// <summary>Drops the receipts held longer than <see cref="PushOptions.ReceiptHold"/>, logging each; returns how many.</summary>
    public async Task<int> DropExpiredHeldReceiptsAsync(CancellationToken cancellationToken = default)
    {
        var hold = options.Value.ReceiptHold;
        var dropped = await store.DropHeldReceiptsAsync(time.GetUtcNow() - hold, cancellationToken);
        foreach (var receipt in dropped)
            HeldReceiptDropped(logger, receipt.MessageId, receipt.Account, receipt.State, hold);
        return dropped.Count;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ApplyReceiptsAsync(stoppingToken), SweepAsync(stoppingToken));

    private async Task ApplyReceiptsAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(PushReceipt Receipt, TaskCompletionSource Committed)>();
        try
        {
            while (await _receipts.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < 1024 && _receipts.Reader.TryRead(out var next))
                    batch.Add(next);
                try
                {
                    await store.ApplyReceiptsAsync(batch.ConvertAll(b => b.Receipt), time.GetUtcNow(), stoppingToken);
                    batch.ForEach(b => b.Committed.TrySetResult());
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Not acknowledged: the link answers with a temporary error and the SMSC delivers the receipt again.
                    ReceiptsFailed(logger, ex);
                    batch.ForEach(b => b.Committed.TrySetException(ex));
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            batch.ForEach(b => b.Committed.TrySetCanceled(stoppingToken));
        }
    }

    /// <summary>Looks for held receipts past their hold four times per hold (at most every minute).</summary>
    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Min(options.Value.ReceiptHold.Ticks / 4, TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await DropExpiredHeldReceiptsAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    SweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Delivery receipts could not be recorded; the SMSC will deliver them again")]
    private static partial void ReceiptsFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning,
        Message = "Delivery receipt for message {MessageId} on account {Account} ({State}) matched no push awaiting it within {Hold}: dropped")]
    private static partial void HeldReceiptDropped(ILogger logger, string messageId, string account, string state, TimeSpan hold);

    [LoggerMessage(EventId = 45, Level = LogLevel.Warning, Message = "Held delivery receipts could not be swept; tried again later")]
    private static partial void SweepFailed(ILogger logger, Exception exception);
}
