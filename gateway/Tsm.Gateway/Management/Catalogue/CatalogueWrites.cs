namespace Tsm.Gateway.Management.Catalogue;

/// <summary>
/// Makes a management write visible to this silo's engine before its answer leaves: for every request to
/// <c>/admin</c> or <c>/sp</c> that is not a read, the catalogue's change count is compared (and the snapshot
/// reloaded when it moved) just before the response starts; not after a failure, and not at the price of the answer
/// when the database is unreachable.
/// </summary>
public sealed class CatalogueWrites(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, DatabaseCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(catalogue);
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            && (request.Path.StartsWithSegments("/admin") || request.Path.StartsWithSegments("/sp")))
        {
            context.Response.OnStarting(async () =>
            {
                // A failed request wrote nothing; and a refresh that cannot reach the database must not turn the answer
                // (a 503 during an outage, or the write's own success) into an aborted response: the periodic refresh
                // catches up (docs/operations.md, "Outages").
                if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
                    return;
                try
                {
                    await catalogue.RefreshAsync(cancellationToken: CancellationToken.None);
                }
                catch (Exception ex) when (Api.TransientFailures.Classify(ex) == Api.TransientCause.Storage)
                {
                }
            });
        }
        return next(context);
    }
}
