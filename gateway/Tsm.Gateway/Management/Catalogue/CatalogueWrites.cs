namespace Tsm.Gateway.Management.Catalogue;

/// <summary>
/// Makes a management write visible to this silo's engine before its answer leaves: for every request to
/// <c>/admin</c> or <c>/sp</c> that is not a read, the catalogue's change count is compared (and the snapshot
/// reloaded when it moved) just before the response starts.
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
            context.Response.OnStarting(() => catalogue.RefreshAsync(cancellationToken: CancellationToken.None));
        }
        return next(context);
    }
}
