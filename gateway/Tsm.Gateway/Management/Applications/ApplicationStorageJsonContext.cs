using System.Text.Json;
using System.Text.Json.Serialization;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Management.Applications;

namespace Tsm.Gateway.Management.Applications;

/// <summary>The JSON columns of the catalogue's tables (enums by name, so a reordered enum never changes a stored row).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ApplicationDefinition))]
[JsonSerializable(typeof(ApplicationManifest))]
[JsonSerializable(typeof(LoadFileDefinition))]
[JsonSerializable(typeof(List<ApplicationTestResult>))]
internal sealed partial class ApplicationStorageJsonContext : JsonSerializerContext;
