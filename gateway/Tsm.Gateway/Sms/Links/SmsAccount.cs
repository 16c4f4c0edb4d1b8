using System.Diagnostics;

namespace Tsm.Gateway.Sms.Links;

/// <summary>
/// The links of one SMSC account: <see cref="SmsLinkOptions.Links"/> connections sharing one request queue and one
/// rate limit (<see cref="SmsLinkOptions.RatePerSecond"/>). A request goes out on whichever link has a free window
/// slot first; one put back after throttling or a drop may leave on another link.
/// </summary>
/// <typeparam name="TPdu">The protocol's PDU type.</typeparam>
public sealed class SmsAccount<TPdu> : IAsyncDisposable
    where TPdu : class
{
    private readonly SmsRequestQueue<TPdu> _queue = new();
    private readonly SmsLink<TPdu>[] _links;
    private volatile bool _stopped;

    /// <param name="name">The account's name (logs, <see cref="SmsLinkInfo"/>).</param>
    /// <param name="options">Link settings; call <see cref="SmsLinkOptions.Validate"/> first.</param>
    /// <param name="protocol">The wire protocol.</param>
    /// <param name="logger">Receives the links' logs.</param>
    /// <param name="time">Clock for time-outs, keep-alives, pauses and the rate limit.</param>
    public SmsAccount(string name, SmsLinkOptions options, ISmsLinkProtocol<TPdu> protocol, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(logger);
        var problems = options.Validate(name).ToList();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        time ??= TimeProvider.System;
        Name = name;
        Options = options;
        var bucket = new TokenBucket(options.RatePerSecond, time);
        _links = new SmsLink<TPdu>[options.Links];
        for (var i = 0; i < _links.Length; i++)
            _links[i] = new SmsLink<TPdu>(new SmsLinkInfo(name, i), options, protocol, _queue, bucket, logger, time);
    }

    public string Name { get; }

    public SmsLinkOptions Options { get; }

    public IReadOnlyList<SmsLink<TPdu>> Links => _links;

    /// <summary>Requests waiting for a window slot.</summary>
    public int Queued => _queue.Count;

    /// <summary>Where the links are now.</summary>
    public SmsAccountStatus Status() =>
        new(Name, _links.Length, _links.Count(l => l.State == SmsLinkState.Bound), _links.Sum(l => l.InFlight), _queue.Count);

    /// <summary>Starts every link.</summary>
    public void Start()
    {
        foreach (var link in _links)
            link.Start();
    }

    /// <summary>Completes when at least one link is bound.</summary>
    public async Task WaitUntilBoundAsync(CancellationToken cancellationToken = default) =>
        await (await Task.WhenAny(_links.Select(l => l.WaitUntilBoundAsync(cancellationToken))).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>Completes when every link is bound.</summary>
    public Task WaitUntilAllBoundAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_links.Select(l => l.WaitUntilBoundAsync(cancellationToken)));

    /// <summary>
    /// Queues a request and completes with its response (whatever its status: a rejection is the caller's to read).
    /// Throttling answers are retried by the links and never reach the caller.
    /// </summary>
    /// <exception cref="SmsLinkException">No response after every attempt, in doubt after a drop (when not re-sent), or the account stopped.</exception>
    public Task<TPdu> SendAsync(TPdu request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_stopped)
            return Task.FromException<TPdu>(new SmsLinkException($"SMS account {Name} is stopped."));
        var item = new SmsRequest<TPdu>(request, cancellationToken);
        // A span from the queue to the response, child of the caller's (the push being delivered); not made current,
        // because this method returns before the response and the caller's own span goes on.
        var caller = Activity.Current;
        var activity = SmsTelemetry.Source.StartActivity("sms.send", ActivityKind.Client);
        Activity.Current = caller;
        activity?.SetTag("tsm.sms.account", Name);
        _queue.Enqueue(item);
        var response = cancellationToken.CanBeCanceled ? item.Task.WaitAsync(cancellationToken) : item.Task;
        return activity is null ? response : Traced(response, activity);
    }

    private static async Task<TPdu> Traced(Task<TPdu> response, Activity activity)
    {
        try
        {
            return await response.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            activity.Dispose();
        }
    }

    /// <summary>Closes every link gracefully; requests still queued fail with <see cref="SmsLinkException"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopped = true;
        await Task.WhenAll(_links.Select(l => l.StopAsync(cancellationToken))).ConfigureAwait(false);
        _queue.FailAll(new SmsLinkException($"SMS account {Name} stopped before the request was sent."));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var link in _links)
            await link.DisposeAsync().ConfigureAwait(false);
    }
}
