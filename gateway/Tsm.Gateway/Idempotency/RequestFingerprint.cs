using System.Security.Cryptography;
using System.Text;

namespace Tsm.Gateway.Idempotency;

/// <summary>What makes two requests with one Idempotency-Key the same request: method, path, query, content type and body.</summary>
public static class RequestFingerprint
{
    /// <summary>The SHA-256 (hex) of the request; the body is read through and left at its start for the handler.</summary>
    public static async Task<string> OfAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\n', request.Method, request.Path.Value, request.QueryString.Value, request.ContentType, "")));
        request.EnableBuffering();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            hash.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
