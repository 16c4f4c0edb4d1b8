namespace Tsm.Protocol.Cap;

// Raised for any CAP file that does not follow the Java Card Virtual Machine
// Specification chapter 6 (CAP file format): not a ZIP, missing or malformed
// components, size or tag mismatches. The reader never lets another exception
// type escape for malformed input.

/// <summary>The input is not a well-formed Java Card CAP file.</summary>
public class CapFormatException : Exception
{
    public CapFormatException()
    {
    }

    public CapFormatException(string message)
        : base(message)
    {
    }

    public CapFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
