using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Api;
using Tsm.Gateway.Tests.Sp;

namespace Tsm.Gateway.Tests.Http;

/// <summary>Posts bodies at and over the gateway's request body limit, with and without a Content-Length.</summary>
internal static class BodySize
{
    /// <summary>The limit the gateway runs with (RequestBody:MaxBytes in its appsettings.json), below Kestrel's own.</summary>
    public static long Limit(IServiceProvider services)
    {
        var limit = services.GetRequiredService<IOptions<RequestBodyOptions>>().Value.MaxBytes;
        Assert.Equal(1024 * 1024, limit);
        Assert.True(services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxRequestBodySize > limit);
        return limit;
    }

    private static HttpContent Body(long length, bool chunked)
    {
        // JSON whitespace: a body of any length that is not the cause of a 400 by being binary.
        var bytes = new byte[length];
        Array.Fill(bytes, (byte)' ');
        HttpContent content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (chunked)
            content.Headers.ContentLength = null;
        return content;
    }

    /// <summary>
    /// limit + 1 bytes, declared and chunked, answer 413 with problem details; a body of exactly the limit is read
    /// (and refused for what it is, not for its size).
    /// </summary>
    public static async Task AssertCappedAsync(HttpClient client, long limit, string path, Action<HttpRequestMessage>? prepare = null)
    {
        foreach (var chunked in new[] { false, true })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = Body(limit + 1, chunked) };
            if (chunked)
                request.Headers.TransferEncodingChunked = true;
            prepare?.Invoke(request);
            using var response = await client.SendAsync(request);
            await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains($"limit of {limit} bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = Body(limit, chunked: false) })
        {
            prepare?.Invoke(request);
            using var response = await client.SendAsync(request);
            Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
