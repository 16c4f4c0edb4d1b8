using System.Text.Json;
using System.Text.Json.Serialization;
using Tsm.Gateway.Parameters;

namespace Tsm.Gateway.Api;

/// <summary>Source-generated JSON of the parameter API (camelCase; types and effects as lower-case names).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ParameterView))]
[JsonSerializable(typeof(IReadOnlyList<ParameterView>))]
[JsonSerializable(typeof(ParameterHistoryEntry))]
[JsonSerializable(typeof(IReadOnlyList<ParameterHistoryEntry>))]
[JsonSerializable(typeof(ParameterValueBody))]
public sealed partial class ParametersJsonContext : JsonSerializerContext;
