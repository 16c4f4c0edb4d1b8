using Tsm.Gateway.Security;

namespace Tsm.Gateway.Audit;

/// <summary>
/// Records every operator and provider action (requirement 7.4): each request to <c>/admin</c> or <c>/sp</c> that is
/// not a read, refused ones included, with its caller, route, the route's values as target and the outcome by status.
/// Sign-in and account changes write their own, richer entries (with before/after summaries) and are skipped here.
/// </summary>
public sealed class AuditTrail(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAuditLog log)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(log);
        await next(context);
        var path = context.Request.Path;
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            || !(path.StartsWithSegments("/admin") || path.StartsWithSegments("/sp"))
            || context.GetEndpoint()?.Metadata.GetMetadata<SelfAuditedAttribute>() is not null)
            return;
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var values = context.Request.RouteValues;
        var target = values.Count == 0 ? null : string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));
        var entry = AuditActor.From(context).Entry($"{context.Request.Method} {route}", AuditOutcome.OfStatus(context.Response.StatusCode), target);
        // The caller's answer is already sent; the audit row is written with the server's own lifetime.
        await log.AppendAsync(entry, CancellationToken.None);
    }
}
