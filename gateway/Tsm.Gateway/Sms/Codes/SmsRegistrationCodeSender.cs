using System.Globalization;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Text;

namespace Tsm.Gateway.Sms.Codes;

/// <summary>
/// <see cref="IRegistrationCodeSender"/> over the SMS links (SMPP ESMEs, CMPP SP clients): one direct submit, with a
/// bounded wait, and no outbox. A code lives minutes and the user is waiting for it: what matters is whether an SMSC
/// took it now (the phone is told 202, or 503), not delivery at least once later — after a restart an outbox would
/// send stale codes, and it would have to keep the code at rest. A lost code costs the user one more request.
/// <para>
/// The accounts are tried in turn, starting with the next one each time: a link failure (no answer, the connection
/// dropped, the account stopped, a receiver-only bind) or a refusal moves on to the next account, all within
/// <see cref="RegistrationCodeOptions.SubmitTimeout"/>. No delivery receipt is asked for: nothing would read it, and
/// SMSCs quote the first 20 characters of the text in receipts (SMPP 3.4 Appendix B), the code among them.
/// </para>
/// </summary>
public sealed class SmsRegistrationCodeSender(
    IOptions<RegistrationCodeOptions> options,
    TimeProvider time,
    ILogger<SmsRegistrationCodeSender> logger,
    SmsSenders? senders = null) : IRegistrationCodeSender
{
    private int _next = -1;

    public async Task<RegistrationCodeDelivery> SendAsync(string msisdn, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(msisdn);
        ArgumentException.ThrowIfNullOrEmpty(text);
        var number = msisdn.StartsWith('+') ? msisdn[1..] : msisdn;
        if (number.Length is < 5 or > 21 || !number.All(char.IsAsciiDigit))
            throw new ArgumentException("The MSISDN must be 5 to 21 digits.", nameof(msisdn));
        var o = options.Value;
        // Checked before anything is sent: a text longer than one SMS in either protocol's coding fails the same way.
        _ = SmppMessageText.Encode(text);
        _ = CmppMessageText.Encode(text);
        var message = SmsMessage.ForText(number, text, requestReceipt: false, o.Source);
        var masked = MsisdnMask.Mask(number);
        var accounts = senders?.All.OrderBy(s => s.Account, StringComparer.Ordinal).ToArray() ?? [];
        if (accounts.Length == 0)
        {
            RegistrationCodeLog.NoChannel(logger, masked);
            return RegistrationCodeDelivery.NoChannel;
        }

        using var timeout = new CancellationTokenSource(o.SubmitTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var first = (int)((uint)Interlocked.Increment(ref _next) % (uint)accounts.Length);
        RegistrationCodeDelivery? refused = null;
        string? failure = null;
        for (var i = 0; i < accounts.Length; i++)
        {
            var account = accounts[(first + i) % accounts.Length];
            try
            {
                var result = await account.SubmitAsync(message, linked.Token).ConfigureAwait(false);
                if (result.Accepted)
                {
                    RegistrationCodeLog.Sent(logger, masked, account.Account, result.MessageId);
                    return new RegistrationCodeDelivery(RegistrationCodeOutcome.Sent, account.Account, result.MessageId);
                }
                var error = result.ErrorName ?? result.ErrorCode.ToString(CultureInfo.InvariantCulture);
                RegistrationCodeLog.Refused(logger, masked, account.Account, error);
                refused = new RegistrationCodeDelivery(RegistrationCodeOutcome.Refused, account.Account, Error: $"refused by the SMSC: {error}");
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                RegistrationCodeLog.TimedOut(logger, masked, o.SubmitTimeout);
                return refused ?? new RegistrationCodeDelivery(RegistrationCodeOutcome.Unavailable, account.Account,
                    Error: $"no SMSC took the message within {o.SubmitTimeout}");
            }
            catch (Exception ex) when (ex is SmsLinkException or InvalidOperationException)
            {
                // InvalidOperationException: an SMPP account bound as receiver cannot submit.
                RegistrationCodeLog.AccountFailed(logger, masked, account.Account, ex.Message);
                failure = ex.Message;
            }
        }
        return refused ?? new RegistrationCodeDelivery(RegistrationCodeOutcome.Unavailable, Error: failure);
    }
}
