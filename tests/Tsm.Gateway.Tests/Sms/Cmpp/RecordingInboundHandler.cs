using System.Threading.Channels;
using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Tests.Sms.Cmpp;

/// <summary>Keeps what the links hand over, in order; can be told to fail so the ISMG must deliver again.</summary>
internal sealed class RecordingInboundHandler : ISmsInboundHandler
{
    private readonly Channel<SmsDeliveryReport> _reports = Channel.CreateUnbounded<SmsDeliveryReport>();
    private readonly Channel<SmsMoMessage> _messages = Channel.CreateUnbounded<SmsMoMessage>();

    /// <summary>Calls to fail before accepting again.</summary>
    public int FailNext { get; set; }

    public ValueTask OnDeliveryReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new InvalidOperationException("handler down");
        }
        _reports.Writer.TryWrite(report);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken)
    {
        _messages.Writer.TryWrite(message);
        return ValueTask.CompletedTask;
    }

    public async Task<SmsDeliveryReport> NextReportAsync() =>
        await _reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

    public async Task<SmsMoMessage> NextMessageAsync() =>
        await _messages.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

    public int ReportCount => _reports.Reader.Count;
}
