namespace Tsm.Gateway.Management.Providers;

/// <summary>Service providers and business platforms (section "Providers"; docs/management/providers.md).</summary>
public sealed class ProviderOptions
{
    public const string Section = "Providers";

    /// <summary>How often each silo reloads the blocked providers and the business platforms, for other silos' changes.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where notices to providers are written as .eml files (an SMTP server's pickup directory); none: e-mail is skipped.
    /// </summary>
    public string? EmailPickupDirectory { get; set; }

    /// <summary>The From address of those e-mails.</summary>
    public string EmailFrom { get; set; } = "tsm@localhost";
}
