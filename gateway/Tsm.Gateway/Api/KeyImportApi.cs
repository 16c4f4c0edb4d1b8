using Tsm.Gateway.Hardening;
using Tsm.Grains.Keys;
using Tsm.Protocol;

using Tsm.Gateway.Security;

namespace Tsm.Gateway.Api;

/// <summary>One key of an SE maker's key file: 3DES-ECB under a transport key the platform holds, with its KCV (hex).</summary>
public sealed record KeyImportRequest(string TransportKey, string Key, string KeyCheckValue);

/// <summary>The imported key, protected by the key service: the value to put under <c>KeyService:MasterKeys</c>.</summary>
public sealed record KeyImportResult(string ProtectedKey, string KeyCheckValue);

/// <summary>
/// Key import (requirement 5.8.9.5; docs/key-service.md): batch master keys arrive from the SE maker encrypted under a
/// transport key, with KCVs. The answer holds the key protected for configuration, never in clear. Access control for
/// the admin routes comes with the management issue (requirement 5.9).
/// </summary>
public static class KeyImportApi
{
    public static IEndpointRouteBuilder MapKeyImportApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/admin/v1/keys/import", Import).WithTags("Keys").RequireAuthorization(Permissions.KeysImport)
            .WithSummary("Import a master key sent under a transport key, checked by its KCV; returns it protected for KeyService:MasterKeys.")
            .Accepts<KeyImportRequest>("application/json")
            .Produces<KeyImportResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            // Strict (docs/security.md, "Rate limits"): each attempt tries a guess against a transport key's KCV.
            .RequireRateLimiting(RateLimitPolicies.KeyImport);
        return app;
    }

    private static IResult Import(KeyImportRequest? request, IKeyService keys)
    {
        if (request is null)
            return Problems.Invalid(["The body must be a key import."]);
        var problems = new List<string>();
        if (string.IsNullOrEmpty(request.TransportKey))
            problems.Add("transportKey: the reference of a transport key in KeyService:TransportKeys.");
        if (!Hex.TryParse(request.Key, out var key) || key.Length != 16)
            problems.Add("key: 16 bytes in hex (a double-length DES key under the transport key).");
        if (!Hex.TryParse(request.KeyCheckValue, out var kcv) || kcv.Length != 3)
            problems.Add("keyCheckValue: 3 bytes in hex.");
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        try
        {
            return Results.Ok(new KeyImportResult(keys.ImportKey(request.TransportKey, key, kcv), Hex.Format(kcv)));
        }
        catch (KeyServiceException ex)
        {
            return Results.Problem(title: "Key not imported", detail: ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}
