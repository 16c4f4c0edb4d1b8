using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>
/// POSTs what the callback outbox holds to each platform's callback URL (at least once), signed with HMAC-SHA256
/// over the body under the platform's secret; a 2xx answer acknowledges, anything else is retried with a pause that
/// doubles up to <see cref="SpCallbackOptions.MaxRetryPause"/>, until <see cref="SpCallbackOptions.MaxAttempts"/>.
/// </summary>
public sealed partial class SpCallbackSender(
    SpCallbackStore store,
    SpTaskEnds ends,
    IHttpClientFactory clients,
    IOptionsMonitor<SpOptions> options,
    TimeProvider time,
    ILogger<SpCallbackSender> logger) : BackgroundService
{
    public const string ClientName = "sp-callbacks";

    public const string SignatureHeader = "X-Tsm-Signature";

    public const string EventHeader = "X-Tsm-Event-Id";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SendDueAsync(stoppingToken) == 0)
                    await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The outbox keeps every callback; the next round picks them up again.
                RoundFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    /// <summary>One round: returns how many callbacks were taken.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue.Callbacks;
        var now = time.GetUtcNow();
        // Leased for the POST's timeout and a margin: a sender that dies mid-POST leaves them to the next round.
        var due = await store.TakeDueAsync(now, now + o.Timeout + o.Timeout, o.BatchSize, cancellationToken);
        if (due.Count == 0)
            return 0;
        var outcomes = await Task.WhenAll(due.Select(c => SendAsync(c, cancellationToken)));
        await store.RecordAsync(outcomes, time.GetUtcNow(), cancellationToken);
        return due.Count;
    }

    /// <summary>The signature header's value: "sha256=" and the lower-case hex HMAC-SHA256 of the body under the secret.</summary>
    public static string Sign(string secret, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Encoding.UTF8.GetBytes(secret);
        try
        {
            return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private async Task<SpCallbackOutcome> SendAsync(SpCallbackRecord callback, CancellationToken cancellationToken)
    {
        var all = options.CurrentValue;
        var o = all.Callbacks;
        var now = time.GetUtcNow();
        if (!all.Platforms.TryGetValue(callback.Platform, out var platform) || string.IsNullOrEmpty(platform.CallbackUrl) || platform.CallbackSecret is null)
            return new SpCallbackOutcome(callback.EventId, SpCallbackStates.Failed, now, "the platform has no callback URL any more");
        var pause = TimeSpan.FromTicks(Math.Min(o.MaxRetryPause.Ticks, o.RetryPause.Ticks << Math.Min(callback.Attempts - 1, 20)));
        string detail;
        try
        {
            var body = Encoding.UTF8.GetBytes(callback.Body);
            using var request = new HttpRequestMessage(HttpMethod.Post, platform.CallbackUrl) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add(SignatureHeader, Sign(platform.CallbackSecret, body));
            request.Headers.Add(EventHeader, callback.EventId);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(o.Timeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                Delivered(logger, callback.EventId, callback.Platform, callback.Attempts);
                return new SpCallbackOutcome(callback.EventId, SpCallbackStates.Delivered, now, $"acknowledged {(int)response.StatusCode}");
            }
            detail = $"answered {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            detail = "no answer in time";
        }
        catch (HttpRequestException ex)
        {
            detail = "not reached: " + ex.HttpRequestError;
        }
        NotAcknowledged(logger, callback.EventId, callback.Platform, callback.Attempts, detail);
        return callback.Attempts >= o.MaxAttempts
            ? new SpCallbackOutcome(callback.EventId, SpCallbackStates.Failed, now, $"gave up after {callback.Attempts} attempts: {detail}")
            : new SpCallbackOutcome(callback.EventId, SpCallbackStates.Pending, now + pause, detail);
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        tick.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await ends.Wake.ReadAsync(tick.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the tick: look for callbacks that became due (retries, callbacks in doubt)
        }
    }

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Callback {EventId} delivered to platform {Platform} (attempt {Attempt})")]
    private static partial void Delivered(ILogger logger, string eventId, string platform, int attempt);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "Callback {EventId} to platform {Platform} not acknowledged (attempt {Attempt}): {Detail}")]
    private static partial void NotAcknowledged(ILogger logger, string eventId, string platform, int attempt, string detail);

    [LoggerMessage(EventId = 63, Level = LogLevel.Warning, Message = "A callback round failed; it is retried")]
    private static partial void RoundFailed(ILogger logger, Exception exception);
}
