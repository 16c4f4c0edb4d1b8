namespace Tsm.Protocol.Scp02;

/// <summary>A secure channel failure: a cryptogram or MAC that does not verify, or a message that cannot be wrapped or unwrapped.</summary>
public sealed class Scp02Exception : Exception
{
    public Scp02Exception()
    {
    }

    public Scp02Exception(string message)
        : base(message)
    {
    }

    public Scp02Exception(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
