using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Codes;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// <see cref="IProviderNotifier"/> over the platform's own channels (docs/management/providers.md, "Notifications"):
/// the SMS by one direct submit through the SMS links, as registration codes go (a notice is sent now or reported
/// as not sent; it is not kept in an outbox, where a password would rest), and the e-mail as an .eml file written to
/// <see cref="ProviderOptions.EmailPickupDirectory"/> for the site's mail server to send. Neither the texts nor the
/// contact's number or address are logged.
/// </summary>
public sealed class ProviderNotifier(IRegistrationCodeSender sms, IOptions<ProviderOptions> options, TimeProvider time, ILogger<ProviderNotifier> logger)
    : IProviderNotifier
{
    public async Task<NoticeDelivery> NotifyAsync(ProviderNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var delivery = new NoticeDelivery(await SmsAsync(notice, cancellationToken), await EmailAsync(notice, cancellationToken));
        ProvidersLog.Notified(logger, notice.Provider, notice.Subject, delivery.Sms, delivery.Email);
        return delivery;
    }

    private async Task<string> SmsAsync(ProviderNotice notice, CancellationToken cancellationToken)
    {
        if (notice.Mobile is null)
            return "no-address";
        try
        {
            var result = await sms.SendAsync(notice.Mobile, notice.SmsText, cancellationToken);
            return result.Outcome switch
            {
                RegistrationCodeOutcome.Sent => "sent",
                RegistrationCodeOutcome.NoChannel => "no-channel",
                _ => "failed",
            };
        }
        catch (ArgumentException e)
        {
            ProvidersLog.SmsFailed(logger, notice.Provider, e.GetType().Name);
            return "failed";
        }
    }

    private async Task<string> EmailAsync(ProviderNotice notice, CancellationToken cancellationToken)
    {
        if (notice.Email is null)
            return "no-address";
        var directory = options.Value.EmailPickupDirectory;
        if (string.IsNullOrEmpty(directory))
        {
            ProvidersLog.NoEmailChannel(logger, notice.Provider);
            return "no-channel";
        }
        try
        {
            Directory.CreateDirectory(directory);
            var name = Guid.NewGuid().ToString("N");
            var temporary = Path.Combine(directory, name + ".tmp");
            await File.WriteAllTextAsync(temporary, Message(notice, name), Encoding.ASCII, cancellationToken);
            // Renamed when complete, so the mail server never picks up half a file.
            File.Move(temporary, Path.Combine(directory, name + ".eml"));
            return "written";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ProvidersLog.EmailFailed(logger, notice.Provider, e.GetType().Name);
            return "failed";
        }
    }

    /// <summary>An RFC 5322 message: encoded-word subject, UTF-8 body in base64 (the attributes are checked to hold no line breaks).</summary>
    private string Message(ProviderNotice notice, string id)
    {
        var from = options.Value.EmailFrom;
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(notice.EmailText), Base64FormattingOptions.InsertLineBreaks);
        var builder = new StringBuilder();
        builder.Append("From: ").Append(from).Append("\r\n");
        builder.Append("To: ").Append(notice.Email).Append("\r\n");
        builder.Append("Subject: =?utf-8?B?").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(notice.Subject))).Append("?=\r\n");
        builder.Append("Date: ").Append(time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        builder.Append("Message-ID: <").Append(id).Append('@').Append(from.Contains('@', StringComparison.Ordinal) ? from[(from.IndexOf('@', StringComparison.Ordinal) + 1)..] : "tsm").Append(">\r\n");
        builder.Append("MIME-Version: 1.0\r\n");
        builder.Append("Content-Type: text/plain; charset=utf-8\r\n");
        builder.Append("Content-Transfer-Encoding: base64\r\n\r\n");
        builder.Append(body).Append("\r\n");
        return builder.ToString();
    }
}
