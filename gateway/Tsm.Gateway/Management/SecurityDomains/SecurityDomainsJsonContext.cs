using System.Text.Json;
using System.Text.Json.Serialization;
using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>Source-generated JSON of the SD definition API and of the stored definitions (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SecurityDomainDefinition))]
[JsonSerializable(typeof(SecurityDomainBody))]
[JsonSerializable(typeof(SecurityDomainRejection))]
[JsonSerializable(typeof(SecurityDomainView))]
[JsonSerializable(typeof(IReadOnlyList<SecurityDomainView>))]
public sealed partial class SecurityDomainsJsonContext : JsonSerializerContext;
