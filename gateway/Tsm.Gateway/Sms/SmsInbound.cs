using System.Threading.Channels;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Mo;
using Tsm.Gateway.Sms.Push;

namespace Tsm.Gateway.Sms;

/// <summary>
/// The links' inbound handler: delivery receipts update the push records in group commits — each receipt is
/// acknowledged to the SMSC only once its commit is done, so a crash before that makes the SMSC deliver it again —
/// and MO messages go to the <see cref="MoRouter"/>.
/// </summary>
public sealed partial class SmsInbound(PushStore store, MoRouter router, TimeProvider time, ILogger<SmsInbound> logger) : BackgroundService, ISmsInboundHandler
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
        var ids = report.MessageIdCandidates.Count > 0 ? report.MessageIdCandidates : [report.MessageId];
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _receipts.Writer.WriteAsync((new PushReceipt(ids, state, $"{report.Stat}{(report.Error is null ? "" : " err:" + report.Error)}"), committed), cancellationToken);
        await committed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken) =>
        await router.RouteAsync(message, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Delivery receipts could not be recorded; the SMSC will deliver them again")]
    private static partial void ReceiptsFailed(ILogger logger, Exception exception);
}
