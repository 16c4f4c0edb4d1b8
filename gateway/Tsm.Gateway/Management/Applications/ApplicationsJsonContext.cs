using System.Text.Json;
using System.Text.Json.Serialization;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Management.Applications;

namespace Tsm.Gateway.Management.Applications;

/// <summary>Source-generated JSON of the application API (camelCase, enums by name).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ApplicationManifest))]
[JsonSerializable(typeof(ApplicationRecord))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationRecord>))]
[JsonSerializable(typeof(ApplicationDetails))]
[JsonSerializable(typeof(LibraryDefinition))]
[JsonSerializable(typeof(IReadOnlyList<LibraryDefinition>))]
[JsonSerializable(typeof(RejectBody))]
[JsonSerializable(typeof(TestBody))]
[JsonSerializable(typeof(PublishBody))]
public sealed partial class ApplicationsJsonContext : JsonSerializerContext;
