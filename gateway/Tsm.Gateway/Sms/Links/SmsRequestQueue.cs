using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Tsm.Gateway.Sms.Links;

/// <summary>A request waiting for, or holding, a window slot; owned by one link at a time once taken.</summary>
internal sealed class SmsRequest<TPdu>(TPdu pdu, CancellationToken cancellationToken, SmsRequestKind kind = SmsRequestKind.User)
    where TPdu : class
{
    public SmsRequestKind Kind { get; } = kind;

    private readonly TaskCompletionSource<TPdu> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TPdu Pdu { get; } = pdu;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Task<TPdu> Task => _completion.Task;

    /// <summary>Times sent so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the current send times out (TimeProvider timestamp).</summary>
    public long Deadline { get; set; }

    public bool IsDone => _completion.Task.IsCompleted;

    public void Complete(TPdu response) => _completion.TrySetResult(response);

    public void Fail(Exception error) => _completion.TrySetException(error);

    public void Cancel() => _completion.TrySetCanceled(CancellationToken);
}

/// <summary>Who asked: a caller, or the link itself (keep-alive, close).</summary>
internal enum SmsRequestKind
{
    User,
    KeepAlive,
    Close,
}

/// <summary>
/// The requests of one account, shared by its links: a link takes one when it has a free window slot. Requests put
/// back after throttling or a dropped connection go before new ones.
/// </summary>
internal sealed class SmsRequestQueue<TPdu>
    where TPdu : class
{
    private readonly ConcurrentQueue<SmsRequest<TPdu>> _again = new();
    private readonly ConcurrentQueue<SmsRequest<TPdu>> _new = new();
    private readonly List<AsyncSignal> _listeners = [];
    private AsyncSignal[] _snapshot = [];

    public int Count => _again.Count + _new.Count;

    public bool IsEmpty => _again.IsEmpty && _new.IsEmpty;

    public void Subscribe(AsyncSignal signal)
    {
        lock (_listeners)
        {
            _listeners.Add(signal);
            _snapshot = [.. _listeners];
        }
    }

    public void Enqueue(SmsRequest<TPdu> request)
    {
        _new.Enqueue(request);
        Notify();
    }

    public void Requeue(SmsRequest<TPdu> request)
    {
        _again.Enqueue(request);
        Notify();
    }

    public bool TryDequeue(out SmsRequest<TPdu> request) =>
        _again.TryDequeue(out request!) || _new.TryDequeue(out request!);

    /// <summary>Fails every waiting request (the account is stopping).</summary>
    public void FailAll(Exception error)
    {
        while (TryDequeue(out var request))
            request.Fail(error);
    }

    private void Notify()
    {
        foreach (var signal in _snapshot)
            signal.Set();
    }
}

/// <summary>An auto-reset wake-up for one waiter: Set before Wait makes the next Wait return at once.</summary>
internal sealed class AsyncSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
        AllowSynchronousContinuations = false,
    });

    public void Set() => _channel.Writer.TryWrite(true);

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAsync(cancellationToken);
}

/// <summary>
/// A token bucket shared by an account's links: <c>rate</c> tokens a second, bursts of at most a tenth of a second's
/// worth, so that no one-second window of the SMSC sees much more than the rate.
/// </summary>
internal sealed class TokenBucket(double ratePerSecond, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly double _capacity = Math.Max(1, ratePerSecond / 10);
    private double _tokens = Math.Max(1, ratePerSecond / 10);
    private long _last = time.GetTimestamp();

    public bool Unlimited => ratePerSecond <= 0;

    /// <summary>Takes one token, or says how long until one is there.</summary>
    public bool TryTake(out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (Unlimited)
            return true;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * ratePerSecond));
            _last = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return true;
            }
            wait = TimeSpan.FromSeconds((1 - _tokens) / ratePerSecond);
            return false;
        }
    }

    /// <summary>Gives back a token taken for a request that was not there after all.</summary>
    public void Return()
    {
        if (Unlimited)
            return;
        lock (_lock)
            _tokens = Math.Min(_capacity, _tokens + 1);
    }
}
