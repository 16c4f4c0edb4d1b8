using System.Text.Json.Serialization;

namespace Tsm.Gateway.Parameters;

/// <summary>When a changed parameter reaches the code that uses it (docs/parameters.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ParameterTakesEffect>))]
public enum ParameterTakesEffect
{
    /// <summary>Its users read the options monitor's current value: the next use after the reload sees it.</summary>
    [JsonStringEnumMemberName("immediately")]
    Immediately,

    /// <summary>Its users read the options once, at start: each silo uses the new value after its next restart.</summary>
    [JsonStringEnumMemberName("after-restart")]
    AfterRestart,
}
