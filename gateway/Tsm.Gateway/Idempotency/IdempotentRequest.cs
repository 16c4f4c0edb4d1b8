using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Tsm.Gateway.Idempotency;

/// <summary>
/// The request feature of a request sent with an Idempotency-Key: <see cref="Id"/> is the key made unique to the
/// caller and the route (a SHA-256, hex), which handlers pass on to the work they create.
/// </summary>
public sealed record IdempotentRequest(string Id)
{
    /// <summary>The key made unique to the caller and the route, hashed: neither the caller's name nor the key is stored.</summary>
    public static string IdFor(ClaimsPrincipal caller, string method, string route, string key)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var who = caller.Identity is { IsAuthenticated: true } identity ? identity.AuthenticationType + "\n" + identity.Name : "anonymous";
        var text = string.Join('\n', "v1", who, method, route, key);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
