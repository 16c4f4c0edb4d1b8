using Tsm.Gateway.Security;

namespace Tsm.Gateway.Audit;

/// <summary>
/// Records every operator, provider and BOSS action (requirement 7.4): each request to <c>/admin</c>, <c>/sp</c> or <c>/boss</c> that is
/// not a read, refused ones included, with its caller, route, the route's values as target and the outcome by status.
/// Sign-in and account changes write their own, richer entries (with before/after summaries) and are skipped here.
/// </summary>
public sealed partial class AuditTrail(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAuditLog log, ILogger<AuditTrail> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(log);
        await next(context);
        var path = context.Request.Path;
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            || !(path.StartsWithSegments("/admin") || path.StartsWithSegments("/sp") || path.StartsWithSegments("/boss"))
            || context.GetEndpoint()?.Metadata.GetMetadata<SelfAuditedAttribute>() is not null)
            return;
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var values = context.Request.RouteValues;
        var target = values.Count == 0 ? null : string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));
        var entry = AuditActor.From(context).Entry($"{context.Request.Method} {route}", AuditOutcome.OfStatus(context.Response.StatusCode), target);
        // The caller's answer is already sent; the audit row is written with the server's own lifetime.
        try
        {
            await log.AppendAsync(entry, CancellationToken.None);
        }
        catch (Exception ex) when (Api.TransientFailures.Classify(ex) == Api.TransientCause.Storage)
        {
            // The action was done: answering 503 now would make the caller do it twice (docs/operations.md, "Outages").
            // The row is lost with the database; the log keeps what it would have said.
            NotAudited(logger, ex.GetType().Name, entry.Action, entry.Outcome, entry.Actor);
        }
    }

    [LoggerMessage(EventId = 7410, Level = LogLevel.Error, Message = "Audit entry not written, the database is unreachable ({Exception}): {Action} by {Actor}, {Outcome}")]
    private static partial void NotAudited(ILogger logger, string exception, string action, string outcome, string actor);
}
