namespace Tsm.Protocol.Scp80;

/// <summary>
/// A secured packet (ETSI TS 102 225), a remote script (TS 102 226 compact format) or an SMS-PP carrier
/// (TS 31.115) that cannot be read. Every SCP80 parser fails only with this type; <see cref="Fault"/> tells a bad
/// layout from a checksum that does not verify, so that a caller can answer each as the specs ask.
/// </summary>
public sealed class Scp80FormatException : FormatException
{
    public Scp80FormatException()
    {
    }

    public Scp80FormatException(string message)
        : base(message)
    {
    }

    public Scp80FormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Scp80FormatException(string message, Scp80Fault fault)
        : base(message)
    {
        Fault = fault;
    }

    /// <summary>What is wrong with the input.</summary>
    public Scp80Fault Fault { get; }
}
