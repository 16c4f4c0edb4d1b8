using System.Collections.Concurrent;
using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Sms;

/// <summary>The SMS senders by account name (names are unique across protocols), filled by <see cref="SmsAccountsHost"/> as it starts.</summary>
public sealed class SmsSenders
{
    private readonly ConcurrentDictionary<string, ISmsSender> _senders = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ISmsSender> All => [.. _senders.Values];

    public void Add(ISmsSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (!_senders.TryAdd(sender.Account, sender))
            throw new InvalidOperationException($"Two SMS accounts are named '{sender.Account}'.");
    }

    public bool TryGet(string account, out ISmsSender? sender) => _senders.TryGetValue(account, out sender);
}
