using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tsm.Protocol.Seram;

/// <summary>
/// Reads and writes SERAM messages. Reading is strict: malformed JSON, a missing required field, a null where the
/// schema wants a value, an unknown enum value and any <see cref="SeramValidation"/> problem all throw
/// <see cref="SeramFormatException"/> naming the field.
/// </summary>
public static class SeramSerializer
{
    public static string Serialize(HandshakeRequest message) => JsonSerializer.Serialize(message, SeramJsonContext.Default.HandshakeRequest);

    public static string Serialize(HandshakeResponse message) => JsonSerializer.Serialize(message, SeramJsonContext.Default.HandshakeResponse);

    public static string Serialize(RemoteManagementOrder message) => JsonSerializer.Serialize(message, SeramJsonContext.Default.RemoteManagementOrder);

    public static string Serialize(RemoteManagementReport message) => JsonSerializer.Serialize(message, SeramJsonContext.Default.RemoteManagementReport);

    public static HandshakeRequest ParseHandshakeRequest(string json) =>
        Parse(json, SeramJsonContext.Default.HandshakeRequest, "handshake request", SeramValidation.Validate);

    public static HandshakeResponse ParseHandshakeResponse(string json) =>
        Parse(json, SeramJsonContext.Default.HandshakeResponse, "handshake response", SeramValidation.Validate);

    public static RemoteManagementOrder ParseOrder(string json) =>
        Parse(json, SeramJsonContext.Default.RemoteManagementOrder, "order", SeramValidation.Validate);

    public static RemoteManagementReport ParseReport(string json) =>
        Parse(json, SeramJsonContext.Default.RemoteManagementReport, "report", SeramValidation.Validate);

    /// <summary>Reads a handshake request from UTF-8 JSON (a request body as received, without a string in between).</summary>
    public static HandshakeRequest ParseHandshakeRequest(ReadOnlySpan<byte> utf8Json) =>
        Parse(utf8Json, SeramJsonContext.Default.HandshakeRequest, "handshake request", SeramValidation.Validate);

    /// <summary>Reads a report from UTF-8 JSON (a request body as received, without a string in between).</summary>
    public static RemoteManagementReport ParseReport(ReadOnlySpan<byte> utf8Json) =>
        Parse(utf8Json, SeramJsonContext.Default.RemoteManagementReport, "report", SeramValidation.Validate);

    private static T Parse<T>(string json, JsonTypeInfo<T> typeInfo, string name, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        T? message;
        try
        {
            message = JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException ex)
        {
            throw Invalid(name, ex);
        }
        return Checked(message, name, validate);
    }

    private static T Parse<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo, string name, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        T? message;
        try
        {
            message = JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (JsonException ex)
        {
            throw Invalid(name, ex);
        }
        return Checked(message, name, validate);
    }

    private static SeramFormatException Invalid(string name, JsonException ex) =>
        new($"invalid SERAM {name}: {Describe(ex)}", ex);

    private static T Checked<T>(T? message, string name, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        if (message is null)
            throw new SeramFormatException($"invalid SERAM {name}: the body is JSON null");
        var problems = validate(message);
        if (problems.Count > 0)
            throw new SeramFormatException(name, problems);
        return message;
    }

    // The serializer's own messages name CLR types; say what is wrong in the spec's terms (docs/security.md, "Input handling").
    private static string Describe(JsonException ex)
    {
        var text = ex.Message;
        const string Prefix = "could not be converted to Tsm.Protocol.Seram.";
        if (text.Contains(Prefix, StringComparison.Ordinal))
        {
            var type = text[(text.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length)..].Split('.', ' ')[0];
            return $"value is not a known {type}{JsonErrors.Where(ex)}";
        }
        return JsonErrors.Describe(ex);
    }
}
