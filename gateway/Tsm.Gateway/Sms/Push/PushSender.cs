using Microsoft.Extensions.Options;
using Tsm.Protocol.Sms.Push;

namespace Tsm.Gateway.Sms.Push;

/// <summary>
/// Sends what the push outbox holds (at least once): takes due pushes in batches, submits their wake-up SMS on the
/// SMS links concurrently (the links' windows and rate limits pace them), and records each outcome. A push whose
/// answer never came (the link dropped with it in flight) is in doubt and goes again after
/// <see cref="PushOptions.InDoubtAfter"/>: the handset may then get it twice, which is harmless since the serial is
/// idempotent (docs/sms.md, "Duplicates").
/// </summary>
public sealed partial class PushSender(
    PushStore store,
    PushService pushes,
    IEnumerable<ISmsChannel> channels,
    IOptions<PushOptions> options,
    TimeProvider time,
    ILogger<PushSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channel = channels.FirstOrDefault();
        if (channel is null)
        {
            NoChannel(logger);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SendDueAsync(channel, stoppingToken) == 0)
                    await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The outbox keeps every push; the next round picks them up again.
                RoundFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    /// <summary>One round: returns how many pushes were taken.</summary>
    public async Task<int> SendDueAsync(ISmsChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var o = options.Value;
        var now = time.GetUtcNow();
        var due = await store.TakeDueAsync(now, now + o.InDoubtAfter, o.BatchSize, cancellationToken);
        if (due.Count == 0)
            return 0;
        var outcomes = await Task.WhenAll(due.Select(push => SendAsync(channel, push, cancellationToken)));
        await store.RecordSendsAsync(outcomes, time.GetUtcNow(), cancellationToken);
        return due.Count;
    }

    private async Task<PushSendOutcome> SendAsync(ISmsChannel channel, PushRecord push, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var message = new WakeUpMessage(push.SeId, PushSerial.Parse(push.Serial), o.DestinationPort, o.SourcePort);
        SubmitResult result;
        try
        {
            result = await channel.SubmitAsync(new OutboundSms(push.Msisdn, message.ToUserData(), RequestReceipt: true), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = new SubmitResult(SubmitStatus.InDoubt, null, ex.Message);
        }
        var now = time.GetUtcNow();
        var pause = TimeSpan.FromTicks(Math.Min(o.MaxRetryPause.Ticks, o.RetryPause.Ticks << Math.Min(push.Attempts - 1, 20)));
        return result.Status switch
        {
            SubmitStatus.Accepted => new PushSendOutcome(push.Serial, PushStates.Submitted, now, result.MessageId, null),
            SubmitStatus.Rejected => new PushSendOutcome(push.Serial, PushStates.Failed, now, null, result.Detail ?? "refused by the SMSC"),
            _ when push.Attempts >= o.MaxAttempts => new PushSendOutcome(push.Serial, PushStates.Failed, now, null, $"gave up after {push.Attempts} attempts: {result.Detail}"),
            SubmitStatus.Throttled => new PushSendOutcome(push.Serial, PushStates.Pending, now + pause, null, result.Detail ?? "throttled"),
            _ => new PushSendOutcome(push.Serial, PushStates.Pending, now + pause, null, result.Detail ?? "the link went away; sent again"),
        };
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        tick.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await pushes.Wake.ReadAsync(tick.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the tick: look for pushes that became due (retries, pushes in doubt)
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "No SMS link is configured: pushes are stored but not sent (see docs/sms.md)")]
    private static partial void NoChannel(ILogger logger);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "A push round failed; it is retried")]
    private static partial void RoundFailed(ILogger logger, Exception exception);
}
