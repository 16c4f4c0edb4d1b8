namespace Tsm.Protocol.Cap;

// Raised when a CAP file is over one of its CapLimits, found on the ZIP's central
// directory before anything is inflated. A kind of CapFormatException, so callers
// that refuse malformed CAPs refuse these too; Limit names which bound was hit.

/// <summary>The CAP file is over one of its <see cref="CapLimits"/>.</summary>
public sealed class CapLimitExceededException : CapFormatException
{
    public CapLimitExceededException()
    {
    }

    public CapLimitExceededException(string message)
        : base(message)
    {
    }

    public CapLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CapLimitExceededException(string limit, string message)
        : base(message) => Limit = limit;

    /// <summary>The name of the <see cref="CapLimits"/> property that was exceeded.</summary>
    public string Limit { get; } = "";
}
