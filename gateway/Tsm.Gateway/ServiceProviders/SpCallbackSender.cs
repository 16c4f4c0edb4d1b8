using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Management.Providers;
using Tsm.Gateway.Outbox;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>
/// POSTs what the callback outbox holds to each platform's callback URL through the <see cref="OutboxWorker{TItem}"/>
/// (at least once), signed with HMAC-SHA256 over the body under the platform's secret; a 2xx answer acknowledges,
/// anything else is retried with a pause that doubles up to <see cref="OutboxOptions.MaxRetryPause"/>, until
/// <see cref="OutboxOptions.MaxAttempts"/>. A callback is leased for twice the POST's timeout: one whose sender died
/// mid-POST is taken again after that.
/// </summary>
public sealed partial class SpCallbackSender(
    SpCallbackStore store,
    SpTaskEnds ends,
    PlatformStore platforms,
    IHttpClientFactory clients,
    IOptionsMonitor<SpOptions> options,
    TimeProvider time,
    ILogger<SpCallbackSender> logger) : BackgroundService
{
    public const string ClientName = "sp-callbacks";

    public const string SignatureHeader = "X-Tsm-Signature";

    public const string EventHeader = "X-Tsm-Event-Id";

    private readonly OutboxWorker<SpCallbackRecord> _outbox = new(store, "callback", time, logger);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _outbox.RunAsync(SendDueAsync, ends.Wake, stoppingToken);

    /// <summary>One round: returns how many callbacks were taken.</summary>
    public Task<int> SendDueAsync(CancellationToken cancellationToken) =>
        _outbox.SendDueAsync(options.CurrentValue.Callbacks, SendAsync, cancellationToken);

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

    private async Task<OutboxAttempt> SendAsync(SpCallbackRecord callback, CancellationToken cancellationToken)
    {
        var all = options.CurrentValue;
        // The stored platform (docs/management/providers.md, "Business platforms"); its secret is unprotected to sign.
        var platform = (await platforms.SnapshotAsync(cancellationToken)).Find(callback.Platform);
        if (platform is null || string.IsNullOrEmpty(platform.CallbackUrl) || platforms.CallbackSecretOf(platform) is not { } secret)
            return OutboxAttempt.Refused("the platform has no callback URL any more");
        string detail;
        try
        {
            var body = Encoding.UTF8.GetBytes(callback.Body);
            using var request = new HttpRequestMessage(HttpMethod.Post, platform.CallbackUrl) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add(SignatureHeader, Sign(secret, body));
            request.Headers.Add(EventHeader, callback.EventId);
            using var timeout = new CancellationTokenSource(all.Callbacks.Timeout, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, either.Token);
            if (response.IsSuccessStatusCode)
            {
                Delivered(logger, callback.EventId, callback.Platform, callback.Attempts);
                return OutboxAttempt.Done($"acknowledged {(int)response.StatusCode}");
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
        return OutboxAttempt.Retry(detail);
    }

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Callback {EventId} delivered to platform {Platform} (attempt {Attempt})")]
    private static partial void Delivered(ILogger logger, string eventId, string platform, int attempt);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "Callback {EventId} to platform {Platform} not acknowledged (attempt {Attempt}): {Detail}")]
    private static partial void NotAcknowledged(ILogger logger, string eventId, string platform, int attempt, string detail);
}
