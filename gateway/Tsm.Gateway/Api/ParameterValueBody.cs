using System.Text.Json;

namespace Tsm.Gateway.Api;

/// <summary>A parameter's new value (PUT /admin/v1/parameters/{name}): a string, or a JSON number or boolean.</summary>
public sealed record ParameterValueBody(JsonElement Value)
{
    /// <summary>The value as text (<c>30</c>, <c>true</c>, <c>00:00:30</c>); null when it is missing or of another JSON kind.</summary>
    public string? Text => Value.ValueKind switch
    {
        JsonValueKind.String => Value.GetString(),
        JsonValueKind.Number => Value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
