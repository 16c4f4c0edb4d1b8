namespace Tsm.Grains.Keys;

/// <summary>A key service failure; its message never contains key material.</summary>
public sealed class KeyServiceException : Exception
{
    public KeyServiceException()
    {
    }

    public KeyServiceException(string message)
        : base(message)
    {
    }

    public KeyServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
