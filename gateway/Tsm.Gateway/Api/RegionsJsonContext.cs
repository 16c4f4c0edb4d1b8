using System.Text.Json;
using System.Text.Json.Serialization;
using Tsm.Gateway.Regions;

namespace Tsm.Gateway.Api;

/// <summary>Source-generated JSON of the region API (camelCase; codes as strings, levels as lower-case names).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Region))]
[JsonSerializable(typeof(IReadOnlyList<Region>))]
[JsonSerializable(typeof(RegionTreeNode))]
[JsonSerializable(typeof(IReadOnlyList<RegionTreeNode>))]
[JsonSerializable(typeof(NumberSegment))]
[JsonSerializable(typeof(IReadOnlyList<NumberSegment>))]
[JsonSerializable(typeof(NumberSegmentMatch))]
[JsonSerializable(typeof(RegionRequest))]
[JsonSerializable(typeof(RegionRename))]
[JsonSerializable(typeof(NumberSegmentRequest))]
public sealed partial class RegionsJsonContext : JsonSerializerContext;
