using System.Text.Json.Serialization;

namespace Tsm.Gateway.Parameters;

/// <summary>What a system parameter's value is (docs/parameters.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ParameterType>))]
public enum ParameterType
{
    /// <summary>A whole number within the parameter's minimum and maximum.</summary>
    [JsonStringEnumMemberName("integer")]
    Integer,

    /// <summary>A time span written <c>[d.]hh:mm:ss[.fffffff]</c> (<c>00:00:30</c>, <c>7.00:00:00</c>), within the parameter's bounds.</summary>
    [JsonStringEnumMemberName("duration")]
    Duration,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    [JsonStringEnumMemberName("boolean")]
    Boolean,

    /// <summary>Free text of at most the parameter's length, without control characters.</summary>
    [JsonStringEnumMemberName("text")]
    Text,

    /// <summary>One of the parameter's listed values.</summary>
    [JsonStringEnumMemberName("choice")]
    Choice,
}
