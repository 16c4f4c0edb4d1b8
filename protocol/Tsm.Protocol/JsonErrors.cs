using System.Text.Json;

namespace Tsm.Protocol;

/// <summary>
/// What a <see cref="JsonException"/> says about a request body, in terms a client can act on: where (JSON path,
/// line and byte, both from 1) and what kind of fault, never the serializer's own text, which names .NET types
/// (docs/security.md, "Input handling").
/// </summary>
public static class JsonErrors
{
    /// <summary>e.g. "a value has the wrong type or is not one of the allowed values at $.seId (line 1, byte 13)".</summary>
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception.Message;
        // The serializer appends " Path: $.x | LineNumber: 0 | BytePositionInLine: 5." to its own messages; Where says it.
        var own = text.IndexOf(" Path: ", StringComparison.Ordinal) is var cut and >= 0 ? text[..cut] : text;
        string what;
        if (text.Contains("missing required properties", StringComparison.Ordinal))
            what = $"required field(s) missing: {RequiredNames(text)}";
        else if (text.Contains("could not be converted to", StringComparison.Ordinal))
            what = "a value has the wrong type or is not one of the allowed values";
        else if (text.Contains("maximum configured depth", StringComparison.Ordinal))
            what = "the JSON is nested too deeply";
        else if (!NamesTypes(own))
            // The reader's messages ("'x' is an invalid start of a value") and our converters' say what is wrong without internals.
            what = ClientText.Bounded(own.TrimEnd('.'), 200);
        else
            what = "the body is not well-formed JSON or not the expected shape";
        return what + Where(exception);
    }

    /// <summary>" at $.x (line 1, byte 5)", or only the parts the exception knows.</summary>
    public static string Where(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var at = exception.Path is { Length: > 0 } path ? $" at {ClientText.Bounded(path)}" : "";
        if (exception.LineNumber is { } line && exception.BytePositionInLine is { } position)
            at += $" (line {line + 1}, byte {position + 1})";
        return at;
    }

    private static bool NamesTypes(string text) =>
        text.Contains("System.", StringComparison.Ordinal) || text.Contains("Tsm.", StringComparison.Ordinal)
        || text.Contains("Microsoft.", StringComparison.Ordinal) || text.Contains("type '", StringComparison.Ordinal)
        || text.Contains("Exception", StringComparison.Ordinal);

    // "... missing required properties including: 'a', 'b'." — the names are the message's, not the client's.
    private static string RequiredNames(string text)
    {
        var start = text.IndexOf("including:", StringComparison.Ordinal);
        return start < 0 ? "(unnamed)" : ClientText.Bounded(text[(start + "including:".Length)..].Split('.')[0].Trim());
    }
}
