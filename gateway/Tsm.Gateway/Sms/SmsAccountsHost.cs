using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Sms;

/// <summary>
/// The one hosted service of the SMS accounts, every protocol's: starts a client per configured account, adds it to
/// <see cref="SmsSenders"/>, and closes each gracefully at shutdown.
/// </summary>
internal sealed class SmsAccountsHost(IEnumerable<SmsAccountSource> sources, SmsSenders senders, IServiceProvider services) : IHostedService
{
    private readonly List<ISmsAccountClient> _clients = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var client in sources.SelectMany(source => source.Create(services)))
        {
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
