using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Sms.Cmpp;

/// <summary>Registration of the CMPP SP clients (called by <see cref="SmsLinksExtensions.AddSmsLinks"/>).</summary>
public static class CmppExtensions
{
    /// <summary>
    /// CMPP accounts from <c>Sms:Cmpp:Accounts</c>, validated at start; one <see cref="CmppSpClient"/> per account,
    /// connected while the host runs and added to <see cref="SmsSenders"/>.
    /// </summary>
    public static TBuilder AddCmppLinks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(CmppSpHost)))
            return builder;
        services.AddOptions<CmppOptions>().BindConfiguration(CmppOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CmppOptions>, CmppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISmsInboundHandler, LoggingSmsInboundHandler>();
        services.TryAddSingleton<SmsSenders>();
        services.AddSingleton<CmppSpHost>();
        services.AddHostedService(sp => sp.GetRequiredService<CmppSpHost>());
        return builder;
    }
}

/// <summary>Starts a <see cref="CmppSpClient"/> per configured account and closes each with TERMINATE at shutdown.</summary>
internal sealed class CmppSpHost(IOptions<CmppOptions> options, ISmsInboundHandler handler, SmsSenders senders, ILoggerFactory loggers, TimeProvider time)
    : IHostedService
{
    private readonly List<CmppSpClient> _clients = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Tsm.Gateway.Sms.Cmpp");
        foreach (var account in options.Value.Accounts)
        {
            var client = new CmppSpClient(account, handler, logger, time);
            senders.Add(client);
            _clients.Add(client);
            client.Start();
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_clients.Select(c => c.StopAsync(cancellationToken)));
        foreach (var client in _clients)
            await client.DisposeAsync();
    }
}
