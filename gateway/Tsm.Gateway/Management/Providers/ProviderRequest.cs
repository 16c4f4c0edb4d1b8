namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// A provider's attributes in a request (requirement 5.6.1): a registration gives every basic one; a change (PATCH)
/// gives those to change: null or absent leaves a field, "" clears an extended one.
/// </summary>
public sealed record ProviderRequest
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? BusinessRegistrationNumber { get; init; }

    public string? OperatingLicenceNumber { get; init; }

    public IReadOnlyList<string>? ApplicationTypes { get; init; }

    public string? CooperationType { get; init; }

    public string? Address { get; init; }

    public string? Postcode { get; init; }

    public string? Telephone { get; init; }

    public string? Fax { get; init; }

    public string? ContactName { get; init; }

    public string? ContactMobile { get; init; }

    public string? ContactEmail { get; init; }

    /// <summary>The basic attributes this request names (only an operator changes them).</summary>
    public IReadOnlyList<string> BasicFieldsNamed() =>
    [
        .. Name is null ? Array.Empty<string>() : ["name"],
        .. Type is null ? Array.Empty<string>() : ["type"],
        .. BusinessRegistrationNumber is null ? Array.Empty<string>() : ["businessRegistrationNumber"],
        .. OperatingLicenceNumber is null ? Array.Empty<string>() : ["operatingLicenceNumber"],
        .. ApplicationTypes is null ? Array.Empty<string>() : ["applicationTypes"],
        .. CooperationType is null ? Array.Empty<string>() : ["cooperationType"],
    ];
}
