namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>One operator range of security-domain AIDs (hex, both ends inclusive, the same length).</summary>
public sealed class AidRangeOption
{
    public string From { get; set; } = "";

    public string To { get; set; } = "";
}
