using Microsoft.AspNetCore.Diagnostics;
using Tsm.Gateway.Hardening;

namespace Tsm.Gateway.Api;

/// <summary>
/// Failures that pass by themselves (<see cref="TransientFailures"/>: the cluster settling, the database unreachable)
/// become 503 with Retry-After (RFC 7807 problem details), so clients retry the same request instead of seeing 500;
/// the gateway recovers by itself when the cause is gone (docs/operations.md, "Outages"). Everything else falls through
/// to the default handler (500).
/// </summary>
public sealed partial class TransientFailureHandler(ILogger<TransientFailureHandler> logger) : IExceptionHandler
{
    /// <summary>Retry-After (seconds) while the cluster settles: a failover takes seconds.</summary>
    public const int ClusterRetryAfterSeconds = 1;

    /// <summary>Retry-After (seconds) while the database is unreachable: a restart takes longer.</summary>
    public const int StorageRetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (TransientFailures.Classify(exception) is not { } cause)
            return false;
        TransientFailures.Answered(cause);
        var storage = cause == TransientCause.Storage;
        Transient(logger, storage ? "storage" : "cluster", exception.GetType().Name, LogValue.Safe(httpContext.Request.Path.Value));
        httpContext.Response.Headers.RetryAfter = (storage ? StorageRetryAfterSeconds : ClusterRetryAfterSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(
            title: "Temporarily unavailable",
            detail: storage
                ? "The platform's database is unreachable; retry the same request."
                : "The platform could not reach the state this request needs; retry the same request.",
            type: storage ? "urn:tsm:problem:storage-unavailable" : "urn:tsm:problem:cluster-unavailable",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Transient {Cause} failure ({Exception}) on {Path}: answered 503")]
    private static partial void Transient(ILogger logger, string cause, string exception, string path);
}
