namespace Tsm.Protocol;

/// <summary>
/// Client input quoted back in an error message: at most <see cref="MaxLength"/> characters, then "…"
/// (docs/security.md, "Input handling"), so that an answer never carries more than a bounded piece of a request.
/// </summary>
public static class ClientText
{
    /// <summary>The most characters of one client value an error message quotes.</summary>
    public const int MaxLength = 100;

    /// <summary><paramref name="value"/> cut to <paramref name="max"/> characters with "…" when longer; "" for null.</summary>
    public static string Bounded(string? value, int max = MaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (value is null)
            return "";
        if (value.Length <= max)
            return value;
        // Never split a surrogate pair.
        var cut = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return string.Concat(value.AsSpan(0, cut), "…");
    }
}
