using System.Globalization;
using System.Reflection;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// 429 with RFC 7807 problem details and a Retry-After header (whole seconds, from the limiter's lease) — the answer of
/// every rate limit (docs/security.md, "Rate limits"). An endpoint that calls <see cref="TargetRateLimiter"/> returns it.
/// </summary>
public sealed class TooManyRequests(TimeSpan? retryAfter) : IResult, IEndpointMetadataProvider
{
    /// <summary>When the client may try again, when the limiter says.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        string detail;
        if (RetryAfter is { } wait)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            httpContext.Response.Headers.RetryAfter = seconds;
            detail = $"Too many requests from this client; retry after {seconds} s.";
        }
        else
            detail = "Too many requests from this client; retry later.";
        await Results.Problem(title: "Too many requests", detail: detail, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(httpContext);
    }

    /// <summary>OpenAPI: the route may answer 429 with problem details.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]));
    }

    /// <summary><see cref="RateLimiterOptions.OnRejected"/>: the answer of the global limiter and of every named policy.</summary>
    internal static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        TimeSpan? wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null;
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TooManyRequests));
        RateLimitLog.Rejected(logger, LogValue.Safe(http.RequestServices.GetRequiredService<RateLimitClients>().KeyOf(http)), LogValue.Safe(http.Request.Path.Value));
        await new TooManyRequests(wait).ExecuteAsync(http);
    }
}
