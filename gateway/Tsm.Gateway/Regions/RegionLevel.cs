using System.Text.Json.Serialization;

namespace Tsm.Gateway.Regions;

/// <summary>The three levels of a GB/T 2260 administrative division code (docs/security.md, "Regions").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RegionLevel>))]
public enum RegionLevel
{
    /// <summary>省级: a province, autonomous region or municipality (<c>440000</c>).</summary>
    [JsonStringEnumMemberName("province")]
    Province = 1,

    /// <summary>地级: a prefecture-level city or the districts of a municipality (<c>440100</c>).</summary>
    [JsonStringEnumMemberName("city")]
    City = 2,

    /// <summary>县级: a county, county-level city or district (<c>440106</c>).</summary>
    [JsonStringEnumMemberName("county")]
    County = 3,
}
