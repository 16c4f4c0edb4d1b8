using System.Text.Json.Serialization;

namespace Tsm.Protocol.Seram;

/// <summary>
/// Source-generated JSON metadata for the SERAM messages: camelCase names as in spec/gpseram.yaml, absent optional
/// fields left out, required fields and non-null annotations enforced when reading.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(HandshakeRequest))]
[JsonSerializable(typeof(HandshakeResponse))]
[JsonSerializable(typeof(RemoteManagementOrder))]
[JsonSerializable(typeof(RemoteManagementReport))]
public sealed partial class SeramJsonContext : JsonSerializerContext;
