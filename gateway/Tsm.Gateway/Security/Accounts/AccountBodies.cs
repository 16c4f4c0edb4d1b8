using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tsm.Gateway.Api;
using Tsm.Protocol;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>Reads an account API body with the size cap; bad JSON is a 400 naming where, never a 500.</summary>
public static class AccountBodies
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var type = (JsonTypeInfo<T>)AccountJsonContext.Default.GetTypeInfo(typeof(T))!;
        try
        {
            var value = JsonSerializer.Deserialize(await RequestBodies.ReadAsync(request), type);
            return value is null ? (null, Problems.Invalid(["The body is empty."])) : (value, null);
        }
        catch (JsonException ex)
        {
            // Where and what, bounded and without .NET type names (docs/security.md, "Input handling").
            return (null, Problems.Invalid([$"The body is not valid JSON for this request: {JsonErrors.Describe(ex)}."]));
        }
    }
}
