namespace Tsm.Gateway.Sms.Codes;

/// <summary>Registration code SMS settings (section "Sms:Codes"; docs/sms.md, "Registration codes").</summary>
public sealed class RegistrationCodeOptions
{
    public const string Section = "Sms:Codes";

    /// <summary>The longest <see cref="SubmitTimeout"/> allowed: the phone's user is waiting for the code.</summary>
    public static readonly TimeSpan MaxSubmitTimeout = TimeSpan.FromMinutes(1);

    /// <summary>How long a send waits, over every account tried, for an SMSC to take the message.</summary>
    public TimeSpan SubmitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The originator shown on the handset (SMPP source_addr, CMPP Src_Id); null: each account's own.</summary>
    public string? Source { get; set; }

    /// <summary>Problems with the settings, none when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (SubmitTimeout <= TimeSpan.Zero || SubmitTimeout > MaxSubmitTimeout)
            yield return $"{Section}:SubmitTimeout must be above zero and at most {MaxSubmitTimeout}.";
        if (Source is { } source && (source.Length is 0 or > 20 || !source.All(char.IsAsciiLetterOrDigit)))
            yield return $"{Section}:Source must be 1 to 20 ASCII letters or digits.";
    }
}
