namespace Tsm.Protocol.Seram;

/// <summary>A SERAM message that is not valid JSON for its schema or breaks a rule of the spec; the message lists every problem.</summary>
public sealed class SeramFormatException : FormatException
{
    public SeramFormatException()
    {
        Problems = [];
    }

    public SeramFormatException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public SeramFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public SeramFormatException(string messageName, IReadOnlyList<string> problems)
        : base($"invalid SERAM {messageName}: {string.Join("; ", problems)}")
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
