namespace Tsm.Protocol;

/// <summary>Hex text helpers used by every layer (traces, CLI, configuration).</summary>
public static class Hex
{
    /// <summary>Parses hex text; spaces, colons and dashes are ignored so that traces can be pasted.</summary>
    /// <exception cref="FormatException">The text has an odd number of digits or a non-hex character.</exception>
    public static byte[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<char> digits = text.Length <= 1024 ? stackalloc char[text.Length] : new char[text.Length];
        var count = 0;
        foreach (var c in text)
        {
            if (c is ' ' or ':' or '-' or '\t' or '\r' or '\n')
                continue;
            if (!char.IsAsciiHexDigit(c))
                throw new FormatException($"'{c}' is not a hex digit.");
            digits[count++] = c;
        }
        if (count % 2 != 0)
            throw new FormatException("Hex text has an odd number of digits.");
        return Convert.FromHexString(digits[..count]);
    }

    /// <summary>Parses hex text as <see cref="Parse"/> does, or says it is not hex (null is not hex).</summary>
    public static bool TryParse(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null)
            return false;
        try
        {
            bytes = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Upper-case hex without separators.</summary>
    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
