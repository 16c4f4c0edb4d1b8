using Tsm.Gateway.Hardening;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Smpp;

namespace Tsm.Gateway.Sms;

/// <summary>The default inbound handler until the push outbox provides one: logs receipts and MO messages.</summary>
internal sealed class LoggingSmsInboundHandler(ILogger<LoggingSmsInboundHandler> logger) : ISmsInboundHandler
{
    public ValueTask OnDeliveryReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken)
    {
        SmppLog.DeliveryReport(logger, report.Account, LogValue.Safe(report.MessageId), LogValue.Safe(report.Stat));
        return ValueTask.CompletedTask;
    }

    public ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken)
    {
        SmppLog.MoMessage(logger, message.Account, LogValue.Safe(message.Source), LogValue.Safe(message.Destination), message.UserData.Length);
        return ValueTask.CompletedTask;
    }
}
