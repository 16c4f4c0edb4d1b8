using System.Security.Claims;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Audit;

/// <summary>
/// Who acts, as the audit log records it, read from the authenticated principal (docs/security.md, "Principals"):
/// the account name, else the business platform's id, else <see cref="Anonymous"/>; the roles; the region; the
/// client's address as the server saw it (behind a proxy, what the forwarded-headers middleware, when configured, put
/// there; never a header read here, which a client could forge).
/// </summary>
public sealed record AuditActor(string Name, string Roles, string? Region, string? RemoteAddress)
{
    public const string Anonymous = "anonymous";

    /// <summary>The actor of a request: <paramref name="user"/> (which may differ from <c>http.User</c>, e.g. while signing in) from <paramref name="http"/>'s client.</summary>
    public static AuditActor From(ClaimsPrincipal user, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(http);
        var name = user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } account } ? account : null;
        name ??= user.FindFirst(TsmClaims.Platform)?.Value is { Length: > 0 } platform ? platform : Anonymous;
        var roles = string.Join(",", user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal));
        return new AuditActor(name, roles, user.FindFirst(TsmClaims.Region)?.Value, http.Connection.RemoteIpAddress?.ToString());
    }

    /// <summary>The actor of a request, from its own principal.</summary>
    public static AuditActor From(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return From(http.User, http);
    }

    /// <summary>An entry of this actor. Summaries must never hold secrets (see <see cref="AuditEntry"/>).</summary>
    public AuditEntry Entry(string action, string outcome, string? target = null, string? before = null, string? after = null) => new()
    {
        Actor = Name,
        Roles = Roles,
        Region = Region,
        Action = action,
        Target = target,
        Outcome = outcome,
        Before = before,
        After = after,
        RemoteAddress = RemoteAddress,
    };
}
