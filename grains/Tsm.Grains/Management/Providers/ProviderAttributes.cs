namespace Tsm.Grains.Management.Providers;

/// <summary>
/// Checks of a provider's attributes (requirement 5.6.1). Each check answers the problems found, by field, for the
/// caller to return as a 400; no field may hold control characters (they would end up in e-mail headers).
/// </summary>
public static class ProviderAttributes
{
    public const int MaxTextLength = 200;

    public const int MaxApplicationTypes = 20;

    public static IReadOnlyList<string> Check(ProviderBasics basics)
    {
        ArgumentNullException.ThrowIfNull(basics);
        var problems = new List<string>();
        Required(basics.Name, "name", problems);
        Required(basics.Type, "type", problems);
        Required(basics.BusinessRegistrationNumber, "businessRegistrationNumber", problems);
        Required(basics.OperatingLicenceNumber, "operatingLicenceNumber", problems);
        Required(basics.CooperationType, "cooperationType", problems);
        if (basics.ApplicationTypes is null || basics.ApplicationTypes.Count > MaxApplicationTypes)
            problems.Add($"applicationTypes: a list of at most {MaxApplicationTypes} names.");
        else if (basics.ApplicationTypes.Any(t => !IsText(t, 64)))
            problems.Add("applicationTypes: each 1 to 64 characters, no control characters.");
        return problems;
    }

    public static IReadOnlyList<string> Check(ProviderExtended extended)
    {
        ArgumentNullException.ThrowIfNull(extended);
        var problems = new List<string>();
        Optional(extended.Address, "address", problems);
        Optional(extended.Postcode, "postcode", problems, 16);
        Optional(extended.Telephone, "telephone", problems, 32);
        Optional(extended.Fax, "fax", problems, 32);
        Optional(extended.ContactName, "contactName", problems);
        if (extended.ContactMobile is { } mobile && !IsMobile(mobile))
            problems.Add("contactMobile: 5 to 21 digits, optionally after a '+'.");
        if (extended.ContactEmail is { } email && !IsEmail(email))
            problems.Add("contactEmail: an e-mail address (name@domain), at most 254 characters.");
        return problems;
    }

    public static bool IsMobile(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var digits = value.StartsWith('+') ? value[1..] : value;
        return digits.Length is >= 5 and <= 21 && digits.All(char.IsAsciiDigit);
    }

    public static bool IsEmail(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return value.Length <= 254 && at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1
            && value[(at + 1)..].Contains('.', StringComparison.Ordinal)
            && value.All(c => c > ' ' && c < 0x7F && c is not ('<' or '>' or '"' or ',' or ';' or '(' or ')'));
    }

    private static void Required(string? value, string name, List<string> problems)
    {
        if (!IsText(value, MaxTextLength))
            problems.Add($"{name}: required, 1 to {MaxTextLength} characters, no control characters.");
    }

    private static void Optional(string? value, string name, List<string> problems, int max = MaxTextLength)
    {
        if (value is not null && !IsText(value, max))
            problems.Add($"{name}: 1 to {max} characters, no control characters (or null).");
    }

    private static bool IsText(string? value, int max) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= max && !value.Any(char.IsControl);
}
