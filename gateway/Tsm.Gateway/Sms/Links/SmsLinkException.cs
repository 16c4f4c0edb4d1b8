namespace Tsm.Gateway.Sms.Links;

/// <summary>A request could not be completed by the links: no response after every attempt, in doubt after a drop, or the account stopped.</summary>
public sealed class SmsLinkException : Exception
{
    public SmsLinkException()
    {
    }

    public SmsLinkException(string message)
        : base(message)
    {
    }

    public SmsLinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The peer refused the handshake (bind or connect); the message has its status, never a credential.</summary>
internal sealed class SmsHandshakeException : Exception
{
    public SmsHandshakeException()
    {
    }

    public SmsHandshakeException(string message)
        : base(message)
    {
    }

    public SmsHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool Permanent { get; init; }
}
