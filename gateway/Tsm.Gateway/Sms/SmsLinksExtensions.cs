using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Cmpp;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Smpp;

namespace Tsm.Gateway.Sms;

/// <summary>
/// Registers the SMS links. The gateway calls <see cref="AddSmsLinks"/> only when SMS accounts are configured; the
/// push outbox replaces the default <see cref="ISmsInboundHandler"/> (which only logs) with its own.
/// </summary>
public static class SmsLinksExtensions
{
    /// <summary>True when the configuration names at least one SMS account.</summary>
    public static bool HasSmsAccounts(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(SmppOptions.Section + ":Accounts").GetChildren().Any()
            || configuration.GetSection(CmppOptions.Section + ":Accounts").GetChildren().Any();
    }

    /// <summary>Every SMS protocol's links: SMPP and CMPP (each runs only the accounts configured for it).</summary>
    public static TBuilder AddSmsLinks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSmppLinks();
        builder.AddCmppLinks();
        return builder;
    }

    /// <summary>SMPP accounts from <c>Sms:Smpp:Accounts</c>, validated at start, bound while the host runs.</summary>
    public static TBuilder AddSmppLinks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(SmppEsmeHost)))
            return builder;
        services.AddOptions<SmppOptions>().BindConfiguration(SmppOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmppOptions>, SmppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISmsInboundHandler, LoggingSmsInboundHandler>();
        services.TryAddSingleton<SmsSenders>();
        services.AddSingleton<SmppEsmeHost>();
        services.AddHostedService(sp => sp.GetRequiredService<SmppEsmeHost>());
        return builder;
    }
}

/// <summary>The SMS senders by account name, filled by the protocol hosts as they start.</summary>
public sealed class SmsSenders
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ISmsSender> _senders = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ISmsSender> All => [.. _senders.Values];

    public void Add(ISmsSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (!_senders.TryAdd(sender.Account, sender))
            throw new InvalidOperationException($"Two SMS accounts are named '{sender.Account}'.");
    }

    public bool TryGet(string account, out ISmsSender? sender) => _senders.TryGetValue(account, out sender);
}

/// <summary>Starts an <see cref="SmppEsme"/> per configured account and closes them gracefully at shutdown.</summary>
internal sealed class SmppEsmeHost(IOptions<SmppOptions> options, ISmsInboundHandler handler, SmsSenders senders, ILoggerFactory loggers, TimeProvider time)
    : IHostedService
{
    private readonly List<SmppEsme> _esmes = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Tsm.Gateway.Sms.Smpp");
        foreach (var account in options.Value.Accounts)
        {
            var esme = new SmppEsme(account, handler, logger, time);
            senders.Add(esme);
            _esmes.Add(esme);
            esme.Start();
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_esmes.Select(e => e.StopAsync(cancellationToken)));
        foreach (var esme in _esmes)
            await esme.DisposeAsync();
    }
}

/// <summary>The default inbound handler until the push outbox provides one: logs receipts and MO messages.</summary>
internal sealed class LoggingSmsInboundHandler(ILogger<LoggingSmsInboundHandler> logger) : ISmsInboundHandler
{
    public ValueTask OnDeliveryReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken)
    {
        SmppLog.DeliveryReport(logger, report.Account, report.MessageId, report.Stat);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken)
    {
        SmppLog.MoMessage(logger, message.Account, message.Source, message.Destination, message.UserData.Length);
        return ValueTask.CompletedTask;
    }
}
