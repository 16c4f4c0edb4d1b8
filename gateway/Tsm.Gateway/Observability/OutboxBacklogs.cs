using Tsm.Gateway.Outbox;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Sms.Push;

namespace Tsm.Gateway.Observability;

/// <summary>The outboxes this gateway runs (pushes, SP callbacks) and their backlogs, read from their tables.</summary>
public sealed class OutboxBacklogs
{
    private readonly List<(string Name, Func<DateTimeOffset, CancellationToken, Task<OutboxBacklog>> Read)> _outboxes = [];

    public OutboxBacklogs(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService<PushStore>() is { } pushes)
            _outboxes.Add(("push", pushes.BacklogAsync));
        if (services.GetService<SpCallbackStore>() is { } callbacks)
            _outboxes.Add(("callback", callbacks.BacklogAsync));
    }

    /// <summary>Each outbox's backlog now.</summary>
    public async Task<IReadOnlyList<(string Name, OutboxBacklog Backlog)>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = new List<(string, OutboxBacklog)>(_outboxes.Count);
        foreach (var (name, read) in _outboxes)
            result.Add((name, await read(now, cancellationToken)));
        return result;
    }
}
