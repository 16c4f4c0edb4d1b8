namespace Tsm.Grains.Management.Providers;

/// <summary>
/// A provider's extended attributes (requirement 5.6.1): address, postcode, telephone, fax and its contact, which
/// the provider's own staff edit (5.6.4). The contact's mobile and e-mail receive the platform's notices.
/// </summary>
public sealed record ProviderExtended(
    string? Address,
    string? Postcode,
    string? Telephone,
    string? Fax,
    string? ContactName,
    string? ContactMobile,
    string? ContactEmail)
{
    public static ProviderExtended Empty { get; } = new(null, null, null, null, null, null, null);
}
