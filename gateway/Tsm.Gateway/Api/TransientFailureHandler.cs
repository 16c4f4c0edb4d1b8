using Microsoft.AspNetCore.Diagnostics;
using Tsm.Gateway.Hardening;

namespace Tsm.Gateway.Api;

/// <summary>
/// Orleans failures that pass once the cluster settles — a silo declared dead or not yet, a grain call that timed out —
/// become 503 with Retry-After (RFC 7807 problem details), so clients retry the same request instead of seeing 500.
/// Everything else falls through to the default handler (500).
/// </summary>
public sealed partial class TransientFailureHandler(ILogger<TransientFailureHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (SiloUnavailableException or OrleansMessageRejectionException or TimeoutException))
            return false;
        Transient(logger, exception.GetType().Name, LogValue.Safe(httpContext.Request.Path.Value));
        httpContext.Response.Headers.RetryAfter = "1";
        await Results.Problem(title: "Temporarily unavailable", detail: "The platform could not reach the state this request needs; retry the same request.",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Transient cluster failure ({Exception}) on {Path}: answered 503")]
    private static partial void Transient(ILogger logger, string exception, string path);
}
