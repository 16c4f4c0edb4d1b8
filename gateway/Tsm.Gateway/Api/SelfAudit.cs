using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Api;

/// <summary>
/// Endpoints that write their own audit entry, with a named action and the before/after summaries of their
/// <see cref="AuditNote"/>, instead of the audit trail's generic one (docs/security.md, "Audit log"). Every request that
/// reaches the handler is recorded with the status it answered, refusals included; a handler that throws is recorded
/// as failed.
/// </summary>
public static class SelfAudit
{
    /// <summary>Registers the per-request <see cref="AuditNote"/> and the audit log. Safe to call more than once.</summary>
    public static TBuilder AddSelfAudit<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAuditLog();
        builder.Services.TryAddScoped<AuditNote>();
        return builder;
    }

    /// <summary>Audits the endpoint's requests under <paramref name="action"/> (e.g. <c>regions.add</c>).</summary>
    public static RouteHandlerBuilder AuditedAs(this RouteHandlerBuilder builder, string action)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new SelfAuditedAttribute()).AddEndpointFilter(new Filter(action));
    }

    private sealed class Filter(string action) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            object? result;
            try
            {
                result = await next(context);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await AppendAsync(http, StatusCodes.Status500InternalServerError);
                throw;
            }

            await AppendAsync(http, StatusOf(result) ?? http.Response.StatusCode);
            return result;
        }

        private Task AppendAsync(HttpContext http, int status)
        {
            var note = http.RequestServices.GetRequiredService<AuditNote>();
            var target = note.Target ?? (http.Request.RouteValues.Count == 0 ? null : string.Join(" ", http.Request.RouteValues.Values));
            var entry = AuditActor.From(http).Entry(action, AuditOutcome.OfStatus(status), target, note.Before, note.After);
            // Not cancelled with the request: a change that was made is recorded even when its caller went away.
            return http.RequestServices.GetRequiredService<IAuditLog>().AppendAsync(entry, CancellationToken.None);
        }

        private static int? StatusOf(object? result) => result switch
        {
            INestedHttpResult { Result: IStatusCodeHttpResult { StatusCode: { } nested } } => nested,
            IStatusCodeHttpResult { StatusCode: { } status } => status,
            _ => null,
        };
    }
}
