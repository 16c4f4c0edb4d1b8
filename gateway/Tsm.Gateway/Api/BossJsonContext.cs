using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tsm.Gateway.Api;

/// <summary>Source-generated JSON of the BOSS API (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NumberDeparture))]
[JsonSerializable(typeof(NumberDepartureRecorded))]
public sealed partial class BossJsonContext : JsonSerializerContext;
