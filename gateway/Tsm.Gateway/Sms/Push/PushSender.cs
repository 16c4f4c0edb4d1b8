using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Outbox;
using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Push;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Gateway.Sms.Push;

/// <summary>
/// Sends what the push outbox holds through the <see cref="OutboxWorker{TItem}"/> (at least once): submits the due
/// pushes' wake-up SMS on the SMS links concurrently (the links' windows and rate limits pace them), spread over the
/// accounts in turn. A push whose answer never came (the link dropped with it in flight) is in doubt and goes again
/// after <see cref="PushOptions.InDoubtAfter"/>: the handset may then get it twice, which is harmless since the serial
/// is idempotent (docs/sms.md, "Duplicates"). A refusal by the SMSC fails the push at once.
/// </summary>
public sealed partial class PushSender(
    PushStore store,
    PushService pushes,
    IOptions<PushOptions> options,
    TimeProvider time,
    ILogger<PushSender> logger,
    SmsSenders? senders = null) : BackgroundService
{
    private readonly OutboxWorker<PushRecord> _outbox = new(store, "push", time, logger);
    private int _next;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (senders is null)
        {
            NoChannel(logger);
            return Task.CompletedTask;
        }
        // Until the links' hosts have started there is no account to send on: the round takes nothing.
        return _outbox.RunAsync(
            cancellationToken => senders.All is { Count: > 0 } all ? SendDueAsync([.. all], cancellationToken) : Task.FromResult(0),
            pushes.Wake,
            stoppingToken);
    }

    /// <summary>One round over the accounts given (pushes spread over them in turn): returns how many pushes were taken.</summary>
    public Task<int> SendDueAsync(IReadOnlyList<ISmsSender> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        return _outbox.SendDueAsync(
            options.Value,
            (push, token) => SendAsync(accounts[(int)((uint)Interlocked.Increment(ref _next) % (uint)accounts.Count)], push, token),
            cancellationToken);
    }

    private async Task<OutboxAttempt> SendAsync(ISmsSender account, PushRecord push, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var message = new WakeUpMessage(push.SeId, PushSerial.Parse(push.Serial), o.DestinationPort, o.SourcePort);
        // The delivery continues the trace of the request that stored the push; the link's sms.send is its child.
        using var activity = SmsTelemetry.StartPushDelivery(push.TraceParent);
        activity?.SetTag("tsm.push.operation", push.Operation);
        try
        {
            // Throttling answers are handled inside the link (pause and re-queue); what comes back is the SMSC's verdict.
            var result = await account.SubmitAsync(new SmsMessage(push.Msisdn, message.ToUserData(), Udhi: true, Binary: true, RequestReceipt: true), cancellationToken);
            if (!result.Accepted)
                activity?.SetStatus(ActivityStatusCode.Error, "refused by the SMSC");
            // The id normalized (no padding zeros, upper case), as receipts' ids are looked up (SMSCs pad ids in one and not the other).
            return result.Accepted
                ? OutboxAttempt.Done(null, result.MessageId is null ? null : SmppMessageIds.Normalize(result.MessageId), account.Account)
                : OutboxAttempt.Refused($"refused by the SMSC: {result.ErrorName ?? result.ErrorCode.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (SmsLinkException ex)
        {
            // No answer after every attempt, or the account stopped: in doubt, sent again later (at least once).
            activity?.SetStatus(ActivityStatusCode.Error, "no answer");
            return OutboxAttempt.Retry(ex.Message);
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "No SMS link is configured: pushes are stored but not sent (see docs/sms.md)")]
    private static partial void NoChannel(ILogger logger);
}
