namespace Tsm.Grains.Management;

/// <summary>
/// Test numbers (issue 13, requirement 5.4.4): the MSISDNs whose SEs testers may test unpublished applications on.
/// A number is 5 to 21 digits, optionally after a '+', stored as written.
/// </summary>
public static class TestNumberRules
{
    public const int MaxNoteLength = 200;

    public static string? CheckMsisdn(string? msisdn)
    {
        var digits = msisdn is not null && msisdn.StartsWith('+') ? msisdn[1..] : msisdn;
        return digits is null || digits.Length is < 5 or > 21 || !digits.All(char.IsAsciiDigit)
            ? "msisdn: 5 to 21 digits, optionally after a +."
            : null;
    }

    public static string? CheckNote(string? note) =>
        note is not null && (note.Length > MaxNoteLength || note.Any(c => char.IsControl(c) && c is not '\n'))
            ? $"note: at most {MaxNoteLength} characters, no control characters."
            : null;
}
