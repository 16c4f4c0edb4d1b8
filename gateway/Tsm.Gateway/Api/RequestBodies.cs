using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Api;

/// <summary>
/// Reads request bodies with a size cap (<see cref="RequestBodyOptions.MaxBytes"/>, docs/wallet-protocol.md "Request
/// size"). A body over it throws <see cref="BadHttpRequestException"/> 413, as Kestrel itself does past its own limit,
/// and <see cref="BadRequestHandler"/> answers it with problem details.
/// </summary>
internal static class RequestBodies
{
    /// <summary>The largest body this request may have: the gateway's cap, or the server's if that is lower.</summary>
    public static long LimitOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limit = context.RequestServices.GetRequiredService<IOptions<RequestBodyOptions>>().Value.MaxBytes;
        return context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } server && server < limit ? server : limit;
    }

    /// <summary>The whole body, at most <see cref="LimitOf"/> bytes; a declared or actual length over it is refused before more is buffered.</summary>
    /// <exception cref="BadHttpRequestException">413: the body is over the limit.</exception>
    public static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = LimitOf(request.HttpContext);
        if (request.ContentLength > limit)
            throw TooLarge(limit);
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(request.HttpContext.RequestAborted);
            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                throw TooLarge(limit);
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }
            // Nothing consumed, everything examined: the next read returns when more has arrived.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than the limit of {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
}
