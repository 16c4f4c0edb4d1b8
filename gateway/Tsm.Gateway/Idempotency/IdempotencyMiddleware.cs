using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Idempotency;

/// <summary>
/// Serves the Idempotency-Key header on routes that create work (docs/idempotency.md): the first request with a key
/// runs and its answer is kept; the same request again gets that answer (or, on <see cref="IdempotentEndpoint.RunAgain"/>
/// routes, runs again and the domain returns the work the key created); the key used for another request is 422; the
/// key of a request still running is 409 with Retry-After. Runs after authorization, so the key is the caller's own.
/// </summary>
public sealed partial class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store, IOptions<IdempotencyOptions> options,
    ILogger<IdempotencyMiddleware> logger)
{
    public const string Header = "Idempotency-Key";

    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IdempotentEndpoint>() is not { } idempotent || !context.Request.Headers.TryGetValue(Header, out var values))
        {
            await next(context);
            return;
        }
        var settings = options.Value;
        if (values.Count != 1 || values[0] is not { } key || key.Length == 0 || key.Length > settings.MaxKeyLength || !key.All(c => c is > ' ' and <= '~'))
        {
            await Results.Problem(title: "Invalid idempotency key",
                detail: $"{Header} is one value of 1 to {settings.MaxKeyLength} printable ASCII characters without spaces.",
                statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var id = IdempotentRequest.IdFor(context.User, context.Request.Method, route, key);
        context.Features.Set(new IdempotentRequest(id));
        if (!idempotent.Replay)
        {
            await next(context);
            return;
        }
        var check = await store.BeginAsync(id, await RequestFingerprint.OfAsync(context.Request, context.RequestAborted), context.RequestAborted);
        switch (check.Verdict)
        {
            case IdempotencyVerdict.Answered:
                await ReplayAsync(context, check.Answer!);
                return;
            case IdempotencyVerdict.Mismatch:
                await Results.Problem(title: "Idempotency key reused",
                    detail: "This key was sent with another request; use a new key for a new request.",
                    statusCode: StatusCodes.Status422UnprocessableEntity).ExecuteAsync(context);
                return;
            case IdempotencyVerdict.InProgress:
                var wait = Math.Max(1, (int)Math.Ceiling(check.RetryAfter!.Value.TotalSeconds));
                context.Response.Headers.RetryAfter = Math.Min(wait, (int)settings.Lease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Problem(title: "Request in progress",
                    detail: "A request with this key is being served; retry it after a moment to get its answer.",
                    statusCode: StatusCodes.Status409Conflict).ExecuteAsync(context);
                return;
        }
        await RunAndKeepAsync(context, id, settings);
    }

    private async Task RunAndKeepAsync(HttpContext context, string id, IdempotencyOptions settings)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            await ReleaseQuietlyAsync(id);
            throw;
        }
        context.Response.Body = original;
        var status = context.Response.StatusCode;
        // A failure on the platform's side is not the request's answer: the client retries and the request runs again.
        if (status >= 500 || buffer.Length > settings.MaxStoredResponseBytes)
        {
            if (status < 500)
                NotKept(logger, buffer.Length);
            await ReleaseQuietlyAsync(id);
        }
        else
        {
            try
            {
                await store.CompleteAsync(id, new StoredAnswer(status, context.Response.ContentType, context.Response.Headers.Location.FirstOrDefault(), buffer.ToArray()),
                    CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The work is done: the client gets its answer; a retry after the lease runs again and the work's own key returns the same.
                NotReleased(logger, e.GetType().Name);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>Lets the key go after a failure; when even that fails (the database is down), its lease lapses instead.</summary>
    private async Task ReleaseQuietlyAsync(string id)
    {
        try
        {
            await store.ReleaseAsync(id, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NotReleased(logger, e.GetType().Name);
        }
    }

    private static async Task ReplayAsync(HttpContext context, StoredAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        if (answer.ContentType is not null)
            context.Response.ContentType = answer.ContentType;
        if (answer.Location is not null)
            context.Response.Headers.Location = answer.Location;
        context.Response.Headers[ReplayedHeader] = "true";
        context.Response.ContentLength = answer.Body.Length;
        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "An idempotency key could not be released or its answer kept ({Exception}); it is free again when its lease ends")]
    private static partial void NotReleased(ILogger logger, string exception);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "An answer of {Bytes} bytes is over the idempotency store's limit: not kept, a retry runs the request again")]
    private static partial void NotKept(ILogger logger, long bytes);
}
