using Microsoft.AspNetCore.Diagnostics;
using Tsm.Gateway.Hardening;

namespace Tsm.Gateway.Api;

/// <summary>
/// A request the server could not read — body over the size limit (413), body sent too slowly (408), a body or
/// parameter that does not bind (400, 415), malformed framing (400) — is the client's mistake: it gets its own status
/// with RFC 7807 problem details in neutral words (<see cref="BadRequestText"/>), never 500.
/// </summary>
public sealed partial class BadRequestHandler(ILogger<BadRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad)
            return false;
        var (title, detail) = BadRequestText.Describe(bad, RequestBodies.LimitOf(httpContext));
        Refused(logger, bad.StatusCode, LogValue.Safe(httpContext.Request.Path.Value), LogValue.Safe(bad.Message));
        await Results.Problem(title: title, detail: detail, statusCode: bad.StatusCode).ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Request refused with {Status} on {Path}: {Reason}")]
    private static partial void Refused(ILogger logger, int status, string path, string reason);
}
