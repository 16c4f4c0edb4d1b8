using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;
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
    IOptions<PushOptions> options,
    TimeProvider time,
    ILogger<PushSender> logger,
    SmsSenders? senders = null) : BackgroundService
{
    private int _next;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (senders is null)
        {
            NoChannel(logger);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var all = senders.All;
                if (all.Count == 0)
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken); // the links' hosts are starting
                else if (await SendDueAsync(all.ToArray(), stoppingToken) == 0)
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

    /// <summary>One round over the accounts given (pushes spread over them in turn): returns how many pushes were taken.</summary>
    public async Task<int> SendDueAsync(IReadOnlyList<ISmsSender> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var o = options.Value;
        var now = time.GetUtcNow();
        var due = await store.TakeDueAsync(now, now + o.InDoubtAfter, o.BatchSize, cancellationToken);
        if (due.Count == 0)
            return 0;
        var outcomes = await Task.WhenAll(due.Select(push => SendAsync(accounts[(int)((uint)Interlocked.Increment(ref _next) % (uint)accounts.Count)], push, cancellationToken)));
        await store.RecordSendsAsync(outcomes, time.GetUtcNow(), cancellationToken);
        return due.Count;
    }

    private async Task<PushSendOutcome> SendAsync(ISmsSender account, PushRecord push, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var message = new WakeUpMessage(push.SeId, PushSerial.Parse(push.Serial), o.DestinationPort, o.SourcePort);
        var now = time.GetUtcNow();
        var pause = TimeSpan.FromTicks(Math.Min(o.MaxRetryPause.Ticks, o.RetryPause.Ticks << Math.Min(push.Attempts - 1, 20)));
        try
        {
            // Throttling answers are handled inside the link (pause and re-queue); what comes back is the SMSC's verdict.
            var result = await account.SubmitAsync(new SmsMessage(push.Msisdn, message.ToUserData(), Udhi: true, Binary: true, RequestReceipt: true), cancellationToken);
            return result.Accepted
                ? new PushSendOutcome(push.Serial, PushStates.Submitted, now, result.MessageId, null)
                : new PushSendOutcome(push.Serial, PushStates.Failed, now, null, $"refused by the SMSC: {result.ErrorName ?? result.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        catch (SmsLinkException ex)
        {
            // No answer after every attempt, or the account stopped: in doubt, sent again later (at least once).
            return push.Attempts >= o.MaxAttempts
                ? new PushSendOutcome(push.Serial, PushStates.Failed, now, null, $"gave up after {push.Attempts} attempts: {ex.Message}")
                : new PushSendOutcome(push.Serial, PushStates.Pending, now + pause, null, ex.Message);
        }
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
