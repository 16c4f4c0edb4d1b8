using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tsm.Gateway.Management.Providers;

/// <summary>Source-generated JSON of the providers' API (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProviderRequest))]
[JsonSerializable(typeof(ProviderReason))]
[JsonSerializable(typeof(ProviderView))]
[JsonSerializable(typeof(ProviderListView))]
[JsonSerializable(typeof(ProviderDecisionView))]
[JsonSerializable(typeof(PlatformGrantRequest))]
[JsonSerializable(typeof(PlatformView))]
[JsonSerializable(typeof(IReadOnlyList<PlatformView>))]
[JsonSerializable(typeof(IssuedApiKey))]
public sealed partial class ProvidersJsonContext : JsonSerializerContext;
