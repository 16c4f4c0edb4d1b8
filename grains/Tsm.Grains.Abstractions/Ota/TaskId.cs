using System.Diagnostics.CodeAnalysis;

namespace Tsm.Grains.Ota;

/// <summary>
/// A task's identity: the SE it runs on and its own id. On the wire (wallet, SERAM sessionId, SP and admin APIs) it is
/// <c>SEID.task</c> (the task part 32 hex digits), so a request finds its SE grain without a look-up; the task grain's
/// key is <see cref="GrainKey"/>. This type is the one place that format is built and read.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.TaskId")]
public readonly record struct TaskId([property: Id(0)] string SeId, [property: Id(1)] Guid Value)
{
    /// <summary>A new task id on the SE (SEID upper-case).</summary>
    public static TaskId New(string seId)
    {
        ArgumentException.ThrowIfNullOrEmpty(seId);
        return new TaskId(seId.ToUpperInvariant(), Guid.NewGuid());
    }

    /// <summary>The task grain's key: the task part alone.</summary>
    public string GrainKey => Value.ToString("N");

    /// <summary>The wire form, <c>SEID.task</c>.</summary>
    public override string ToString() => $"{SeId}.{GrainKey}";

    /// <summary>Reads the wire form; false for anything else (no SEID, no dot, a task part that is not 32 hex digits).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TaskId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
            return false;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot > 32 || !text.AsSpan(0, dot).ContainsOnlyHexDigits())
            return false;
        if (!Guid.TryParseExact(text.AsSpan(dot + 1), "N", out var value))
            return false;
        id = new TaskId(text[..dot].ToUpperInvariant(), value);
        return true;
    }

    /// <summary>The id of a task of <paramref name="seId"/> whose grain key is <paramref name="grainKey"/>.</summary>
    public static TaskId FromGrainKey(string seId, string grainKey) => new(seId.ToUpperInvariant(), Guid.ParseExact(grainKey, "N"));
}

file static class HexSpan
{
    public static bool ContainsOnlyHexDigits(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }
        return true;
    }
}
