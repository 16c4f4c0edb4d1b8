using Tsm.Grains.Management.Providers;

namespace Tsm.Gateway.Management.Providers;

/// <summary>Applies a <see cref="ProviderRequest"/> to stored attributes: given fields replace, "" clears an extended one.</summary>
public static class ProviderEdits
{
    public static ProviderBasics Basics(ProviderRequest request, ProviderBasics? current = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ProviderBasics(
            request.Name?.Trim() ?? current?.Name ?? "",
            request.Type?.Trim() ?? current?.Type ?? "",
            request.BusinessRegistrationNumber?.Trim() ?? current?.BusinessRegistrationNumber ?? "",
            request.OperatingLicenceNumber?.Trim() ?? current?.OperatingLicenceNumber ?? "",
            request.ApplicationTypes ?? current?.ApplicationTypes ?? [],
            request.CooperationType?.Trim() ?? current?.CooperationType ?? "");
    }

    public static ProviderExtended Extended(ProviderRequest request, ProviderExtended? current = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        current ??= ProviderExtended.Empty;
        return new ProviderExtended(
            Field(request.Address, current.Address),
            Field(request.Postcode, current.Postcode),
            Field(request.Telephone, current.Telephone),
            Field(request.Fax, current.Fax),
            Field(request.ContactName, current.ContactName),
            Field(request.ContactMobile, current.ContactMobile),
            Field(request.ContactEmail, current.ContactEmail));
    }

    /// <summary>A short summary for the audit log (names and states, never contact details).</summary>
    public static string Summary(ServiceProviderRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return $"{record.Key} {record.Status.Name()} \"{record.Basics.Name}\"";
    }

    private static string? Field(string? given, string? current) =>
        given is null ? current : given.Length == 0 ? null : given.Trim();
}
