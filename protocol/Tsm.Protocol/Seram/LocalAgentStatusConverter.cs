using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tsm.Protocol.Seram;

/// <summary>
/// Reads and writes schema <c>localAgentStatus</c>. The spec spells the executed-commands count three ways: the
/// property definition says <c>executedSeRamCommands</c>, the schema's required list <c>executedRamCommands</c> and the
/// polling example <c>executeRamCommands</c>. All three are read (when several are present they must agree); only
/// <c>executedSeRamCommands</c> is written (docs/wallet-protocol.md, "SERAM conformance").
/// </summary>
public sealed class LocalAgentStatusConverter : JsonConverter<LocalAgentStatus>
{
    /// <summary>The spelling written, and the one problems are reported under.</summary>
    public const string ExecutedName = "executedSeRamCommands";

    /// <summary>The other spellings of the count read from a report (the schema's required list and the polling example; docs/wallet-protocol.md).</summary>
    public static IReadOnlyList<string> ExecutedAliases { get; } = ["executedRamCommands", "executeRamCommands"];

    public override LocalAgentStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("localAgentStatus: must be an object");
        LocalAgentStatusKind? kind = null;
        int? executed = null;
        string? executedAs = null;
        string? errorMsg = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("localAgentStatusEnum"u8))
            {
                reader.Read();
                kind = ReadKind(ref reader);
            }
            else if (reader.ValueTextEquals("errorMsg"u8))
            {
                reader.Read();
                errorMsg = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Null => null,
                    _ => throw new JsonException("localAgentStatus.errorMsg: must be a string"),
                };
            }
            else if (ExecutedSpelling(ref reader) is { } name)
            {
                reader.Read();
                var value = ReadCount(ref reader, name);
                if (executed is { } earlier && earlier != value)
                    throw new JsonException($"localAgentStatus: {executedAs} ({earlier}) and {name} ({value}) disagree");
                executed = value;
                executedAs = name;
            }
            else
            {
                reader.Read();
                reader.Skip(); // unknown fields are ignored, as for every other SERAM object
            }
        }
        if (kind is null || executed is null)
        {
            var missing = kind is null ? "localAgentStatusEnum" : "";
            if (executed is null)
                missing += (missing.Length > 0 ? ", " : "") + $"{ExecutedName} (also read as {string.Join(" or ", ExecutedAliases)})";
            throw new JsonException($"localAgentStatus: missing required field(s) {missing}");
        }
        return new LocalAgentStatus { LocalAgentStatusEnum = kind.Value, ExecutedSeRamCommands = executed.Value, ErrorMsg = errorMsg };
    }

    public override void Write(Utf8JsonWriter writer, LocalAgentStatus value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("localAgentStatusEnum"u8, SeramValidation.Name(value.LocalAgentStatusEnum));
        writer.WriteNumber("executedSeRamCommands"u8, value.ExecutedSeRamCommands);
        if (value.ErrorMsg is not null)
            writer.WriteString("errorMsg"u8, value.ErrorMsg);
        writer.WriteEndObject();
    }

    private static string? ExecutedSpelling(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("executedSeRamCommands"u8))
            return ExecutedName;
        foreach (var alias in ExecutedAliases)
        {
            if (reader.ValueTextEquals(alias))
                return alias;
        }
        return null;
    }

    private static int ReadCount(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new JsonException($"localAgentStatus.{name}: must be an integer");

    private static LocalAgentStatusKind ReadKind(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var kind in Enum.GetValues<LocalAgentStatusKind>())
            {
                if (reader.ValueTextEquals(SeramValidation.Name(kind)))
                    return kind;
            }
        }
        var shown = reader.TokenType == JsonTokenType.String ? $"'{ClientText.Bounded(reader.GetString())}'" : reader.TokenType.ToString();
        throw new JsonException($"localAgentStatus.localAgentStatusEnum: {shown} is not one of PROCESSED, POLLING, UNAVAILABLE_SE, UNKNOWN_FAILURE, UNGRANTED_ACCESS");
    }
}
