namespace Tsm.Gateway.Sms.Codes;

/// <summary>An MSISDN as logs may show it: <c>13800138000</c> → <c>138****8000</c>.</summary>
public static class MsisdnMask
{
    private const string Stars = "****";

    /// <summary>
    /// The first three and the last four digits around four stars, whatever the length (so that it does not show); a
    /// number of seven characters or fewer shows its last two only.
    /// </summary>
    public static string Mask(string? msisdn)
    {
        if (string.IsNullOrEmpty(msisdn))
            return "";
        return msisdn.Length > 7
            ? string.Concat(msisdn.AsSpan(0, 3), Stars, msisdn.AsSpan(msisdn.Length - 4))
            : string.Concat(Stars, msisdn.AsSpan(Math.Max(0, msisdn.Length - 2)));
    }
}
