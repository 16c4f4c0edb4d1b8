using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Sms.Cmpp;

/// <summary>
/// Every configured CMPP account's client, started with the host and stopped (TERMINATE) with it.
/// </summary>
public sealed class CmppSpClients : IHostedService, IAsyncDisposable
{
    private readonly Dictionary<string, CmppSpClient> _clients;

    public CmppSpClients(IOptions<CmppOptions> options, ISmsInboundHandler handler, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger("Tsm.Gateway.Sms.Cmpp");
        _clients = options.Value.Accounts.ToDictionary(a => a.Name, a => new CmppSpClient(a, handler, logger, time), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<CmppSpClient> All => _clients.Values;

    /// <summary>The client of the account named <paramref name="account"/>.</summary>
    public CmppSpClient this[string account] =>
        _clients.TryGetValue(account, out var client) ? client : throw new KeyNotFoundException($"no CMPP account '{account}'");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var client in _clients.Values)
            client.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_clients.Values.Select(c => c.StopAsync(cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
            await client.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Registration of the CMPP SP clients.</summary>
public static class CmppExtensions
{
    /// <summary>
    /// Binds <c>Sms:Cmpp</c>, validates it at start and runs one <see cref="CmppSpClient"/> per account. The host must
    /// register an <see cref="ISmsInboundHandler"/> for status reports and MO messages.
    /// </summary>
    public static IServiceCollection AddCmppSms(this IServiceCollection services)
    {
        services.AddOptions<CmppOptions>().BindConfiguration(CmppOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CmppOptions>, CmppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CmppSpClients>();
        services.AddHostedService(sp => sp.GetRequiredService<CmppSpClients>());
        return services;
    }
}
