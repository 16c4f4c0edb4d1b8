using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tsm.Gateway.Management.Statistics;

/// <summary>Source-generated JSON of the statistics and the providers' queries (camelCase; dates yyyy-MM-dd, instants ISO 8601 UTC).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UserStatistics))]
[JsonSerializable(typeof(OperationStatistics))]
[JsonSerializable(typeof(DownloadStatistics))]
[JsonSerializable(typeof(RegionStatistics))]
[JsonSerializable(typeof(ProviderRecordPage))]
[JsonSerializable(typeof(ProviderSePage))]
public sealed partial class StatisticsJsonContext : JsonSerializerContext;
