namespace Tsm.Grains.Ota.Transcripts;

/// <summary>One order of a task's session and the wallet's answer to it (null while unanswered): R-APDUs as received.</summary>
public sealed record TranscriptExchange(int Order, IReadOnlyList<TranscriptCommand> Commands, IReadOnlyList<ReadOnlyMemory<byte>>? Responses)
{
    public bool Equals(TranscriptExchange? other) =>
        other is not null && Order == other.Order && Commands.SequenceEqual(other.Commands)
        && (Responses is null ? other.Responses is null : other.Responses is not null
            && Responses.Count == other.Responses.Count && Responses.Zip(other.Responses).All(p => p.First.Span.SequenceEqual(p.Second.Span)));

    public override int GetHashCode() => HashCode.Combine(Order, Commands.Count);
}
