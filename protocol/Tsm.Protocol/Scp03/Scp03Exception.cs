namespace Tsm.Protocol.Scp03;

/// <summary>An SCP03 failure: a cryptogram, MAC or padding that does not verify, or a message that cannot be wrapped or unwrapped.</summary>
public sealed class Scp03Exception : Exception
{
    public Scp03Exception()
    {
    }

    public Scp03Exception(string message)
        : base(message)
    {
    }

    public Scp03Exception(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
