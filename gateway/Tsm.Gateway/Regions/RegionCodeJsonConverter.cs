using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tsm.Gateway.Regions;

/// <summary>A <see cref="RegionCode"/> on the wire: its six digits as a string.</summary>
internal sealed class RegionCodeJsonConverter : JsonConverter<RegionCode>
{
    public override RegionCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        RegionCode.TryParse(reader.GetString(), out var code, out var error) ? code : throw new JsonException(error);

    public override void Write(Utf8JsonWriter writer, RegionCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Value);
    }
}
