using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Smpp;
using Tsm.Protocol.Sms.Udh;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Gateway.Tests.Sms;

/// <summary>Our ESME bound to our SMSC simulator over loopback TCP, with short timings so tests stay fast.</summary>
internal sealed class SmppKit : IAsyncDisposable
{
    public const string SystemId = "tsm";
    public const string Password = "s3cret";

    private SmppKit(SmppSmsc smsc, SmppEsme esme, RecordingHandler handler, ListLogger logger)
    {
        Smsc = smsc;
        Esme = esme;
        Handler = handler;
        Logger = logger;
    }

    public SmppSmsc Smsc { get; }

    public SmppEsme Esme { get; }

    public RecordingHandler Handler { get; }

    public ListLogger Logger { get; }

    public static SmppAccountOptions Account(int port, Action<SmppAccountOptions>? configure = null)
    {
        var options = new SmppAccountOptions
        {
            Name = "test",
            Port = port,
            SystemId = SystemId,
            Password = Password,
            SourceAddress = "10657",
            ResponseTimeout = TimeSpan.FromSeconds(2),
            ReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
            ThrottlePause = TimeSpan.FromMilliseconds(100),
            CloseTimeout = TimeSpan.FromSeconds(2),
            EnquireLinkInterval = TimeSpan.FromSeconds(30),
            MaxAttempts = 10,
        };
        configure?.Invoke(options);
        return options;
    }

    public static async Task<SmppKit> StartAsync(SmppSmscOptions? smsc = null, Action<SmppAccountOptions>? account = null, bool waitForBind = true, ISmsInboundHandler? handler = null)
    {
        var server = new SmppSmsc((smsc ?? new SmppSmscOptions { DeliverRetryPause = TimeSpan.FromMilliseconds(100) }) with { Port = 0, Accounts = new Dictionary<string, string> { [SystemId] = Password } });
        server.Start();
        var recording = new RecordingHandler();
        var logger = new ListLogger();
        var esme = new SmppEsme(Account(server.Port, account), handler ?? recording, logger);
        esme.Start();
        var kit = new SmppKit(server, esme, recording, logger);
        if (waitForBind)
            await esme.WaitUntilBoundAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return kit;
    }

    public static SmsMessage WakeUp(int serial, string destination = "8613900000000")
    {
        var payload = new byte[20];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(16), serial);
        return new SmsMessage(destination, UserData.WakeUp(2948, 9200, payload));
    }

    public async ValueTask DisposeAsync()
    {
        await Esme.DisposeAsync();
        await Smsc.DisposeAsync();
    }
}

/// <summary>Keeps what the ESME hands over; each item can be awaited.</summary>
internal sealed class RecordingHandler : ISmsInboundHandler
{
    public Channel<SmsDeliveryReport> Reports { get; } = Channel.CreateUnbounded<SmsDeliveryReport>();

    public Channel<SmsMoMessage> Messages { get; } = Channel.CreateUnbounded<SmsMoMessage>();

    public ValueTask OnDeliveryReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken) => Reports.Writer.WriteAsync(report, cancellationToken);

    public ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken) => Messages.Writer.WriteAsync(message, cancellationToken);

    public async Task<List<T>> TakeAsync<T>(Channel<T> channel, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var list = new List<T>();
        while (list.Count < count)
            list.Add(await channel.Reader.ReadAsync(cts.Token));
        return list;
    }
}

/// <summary>A logger that keeps every formatted message and exception text (to check what logs reveal).</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
}
