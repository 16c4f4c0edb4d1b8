using Microsoft.AspNetCore.Diagnostics;

namespace Tsm.Gateway.Api;

/// <summary>
/// A request the server could not read — body over the size limit (413), body sent too slowly (408), malformed
/// framing (400) — is the client's mistake: it gets its own status with RFC 7807 problem details, never 500.
/// </summary>
public sealed partial class BadRequestHandler(ILogger<BadRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad)
            return false;
        var (title, detail) = bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ("Request body too large",
                $"The body is larger than the limit of {RequestBodies.LimitOf(httpContext)} bytes."),
            StatusCodes.Status408RequestTimeout => ("Request body too slow", "The body did not arrive in time."),
            _ => ("Bad request", bad.Message),
        };
        Refused(logger, bad.StatusCode, httpContext.Request.Path, bad.Message);
        await Results.Problem(title: title, detail: detail, statusCode: bad.StatusCode).ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Request refused with {Status} on {Path}: {Reason}")]
    private static partial void Refused(ILogger logger, int status, string path, string reason);
}
