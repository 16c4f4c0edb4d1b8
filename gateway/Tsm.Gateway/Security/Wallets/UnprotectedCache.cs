using System.Collections.Concurrent;

namespace Tsm.Gateway.Security.Wallets;

/// <summary>
/// What a Data Protection payload (a wallet access token, a SERAM session id) was last unprotected to, kept for a short
/// while so that the requests of one session decrypt it once rather than on every request (docs/performance.md,
/// "What changed"). A payload is authenticated encryption: the same text always opens to the same value, so a cached
/// value is the one a new unprotect would give, and nothing is accepted that would not be. Only successes are kept;
/// each entry lives at most <see cref="Lifetime"/> (a key revoked in the key ring stops a cached payload within it) and
/// never past the moment its owner says it expires. Bounded: when full, expired entries go, and if none did, all go.
/// </summary>
public sealed class UnprotectedCache<T>(TimeProvider time, int capacity = UnprotectedCache<T>.DefaultCapacity)
    where T : class
{
    public const int DefaultCapacity = 50_000;

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public bool TryGet(string protectedText, out T value)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        if (_entries.TryGetValue(protectedText, out var entry))
        {
            if (time.GetUtcNow() < entry.Until)
            {
                value = entry.Value;
                return true;
            }
            _entries.TryRemove(new KeyValuePair<string, Entry>(protectedText, entry));
        }
        value = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> for <see cref="Lifetime"/>, or until <paramref name="expires"/> when sooner.</summary>
    public void Add(string protectedText, T value, DateTimeOffset? expires = null)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        ArgumentNullException.ThrowIfNull(value);
        var now = time.GetUtcNow();
        var until = now + Lifetime;
        if (expires is { } end && end < until)
            until = end;
        if (until <= now)
            return;
        if (_entries.Count >= capacity)
            Trim(now);
        _entries[protectedText] = new Entry(value, until);
    }

    private void Trim(DateTimeOffset now)
    {
        var before = _entries.Count;
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
        if (_entries.Count >= before)
            _entries.Clear();
    }

    private readonly record struct Entry(T Value, DateTimeOffset Until);
}
