using System.Threading.Channels;
using Tsm.Gateway.Sms.Mo;
using Tsm.Gateway.Sms.Push;

namespace Tsm.Gateway.Sms;

/// <summary>
/// Takes what the links receive: delivery receipts go to the push records in group commits (a receipt that overtook
/// the record of its own submit answer is tried again a few times), MO messages to the <see cref="MoRouter"/>.
/// </summary>
public sealed partial class SmsInbound(PushStore store, MoRouter router, TimeProvider time, ILogger<SmsInbound> logger) : BackgroundService, ISmsInbound
{
    private const int MaxReceiptTries = 20;

    private readonly Channel<(SmsReceipt Receipt, int Tries)> _receipts = Channel.CreateUnbounded<(SmsReceipt, int)>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask OnReceiptAsync(SmsReceipt receipt, CancellationToken cancellationToken) => _receipts.Writer.WriteAsync((receipt, 0), cancellationToken);

    public async ValueTask OnMessageAsync(InboundSms message, CancellationToken cancellationToken) => await router.RouteAsync(message, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(SmsReceipt Receipt, int Tries)>();
        try
        {
            while (await _receipts.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < 1024 && _receipts.Reader.TryRead(out var next))
                    batch.Add(next);
                try
                {
                    var unmatched = await store.ApplyReceiptsAsync(batch.Select(b => b.Receipt).ToList(), time.GetUtcNow(), stoppingToken);
                    foreach (var receipt in unmatched)
                    {
                        var tries = batch.First(b => ReferenceEquals(b.Receipt, receipt)).Tries + 1;
                        if (tries >= MaxReceiptTries)
                            Unmatched(logger, receipt.MessageId);
                        else
                            _ = RetryLater(receipt, tries, stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    ReceiptsFailed(logger, ex);
                    foreach (var item in batch)
                        _ = RetryLater(item.Receipt, item.Tries + 1, stoppingToken);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RetryLater(SmsReceipt receipt, int tries, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
        await _receipts.Writer.WriteAsync((receipt, tries), cancellationToken);
    }

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "A delivery receipt for message {MessageId} matches no push")]
    private static partial void Unmatched(ILogger logger, string messageId);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Delivery receipts could not be recorded; they are retried")]
    private static partial void ReceiptsFailed(ILogger logger, Exception exception);
}
