using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tsm.Protocol.Seram;

namespace Tsm.Gateway.Api;

/// <summary>
/// The OpenAPI schema of SERAM's <c>localAgentStatus</c>, which a converter reads and writes
/// (<see cref="LocalAgentStatusConverter"/>), so the generator cannot see its fields: the document describes what the
/// wire carries, and clients and the fuzz tests build reports from it.
/// </summary>
internal sealed class LocalAgentStatusSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Type != typeof(LocalAgentStatus))
            return Task.CompletedTask;
        schema.Type = JsonSchemaType.Object;
        schema.Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["localAgentStatusEnum"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. Enum.GetValues<LocalAgentStatusKind>().Select(k => (JsonNode)JsonValue.Create(SeramValidation.Name(k)))],
            },
            [LocalAgentStatusConverter.ExecutedName] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0" },
            ["errorMsg"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
        };
        schema.Required = new HashSet<string>(StringComparer.Ordinal) { "localAgentStatusEnum", LocalAgentStatusConverter.ExecutedName };
        return Task.CompletedTask;
    }
}
