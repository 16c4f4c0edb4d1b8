using System.Text.Json;
using System.Text.Json.Serialization;
using Tsm.Grains.Management;

namespace Tsm.Gateway.Management.Batches;

/// <summary>Source-generated JSON of the batch and test-number APIs and of the stored batches (camelCase, enums by name).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(BatchDefinition))]
[JsonSerializable(typeof(BatchBody))]
[JsonSerializable(typeof(BatchView))]
[JsonSerializable(typeof(IReadOnlyList<BatchView>))]
[JsonSerializable(typeof(TestNumber))]
[JsonSerializable(typeof(TestNumberBody))]
[JsonSerializable(typeof(IReadOnlyList<TestNumber>))]
public sealed partial class BatchesJsonContext : JsonSerializerContext;
