using Tsm.Grains.Management.Providers;

namespace Tsm.Gateway.Management.Providers;

/// <summary>A provider as the API shows it.</summary>
public sealed record ProviderView
{
    public required string Id { get; init; }

    public string? Spid { get; init; }

    public required string Status { get; init; }

    public required string Name { get; init; }

    public required string Type { get; init; }

    public required string BusinessRegistrationNumber { get; init; }

    public required string OperatingLicenceNumber { get; init; }

    public required IReadOnlyList<string> ApplicationTypes { get; init; }

    public required string CooperationType { get; init; }

    public string? Address { get; init; }

    public string? Postcode { get; init; }

    public string? Telephone { get; init; }

    public string? Fax { get; init; }

    public string? ContactName { get; init; }

    public string? ContactMobile { get; init; }

    public string? ContactEmail { get; init; }

    public string? Account { get; init; }

    public required string RegisteredBy { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    public string? DecidedBy { get; init; }

    public string? Reason { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public static ProviderView Of(ServiceProviderRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var (b, e) = (record.Basics, record.Extended);
        return new ProviderView
        {
            Id = record.Id,
            Spid = record.Spid,
            Status = record.Status.Name(),
            Name = b.Name,
            Type = b.Type,
            BusinessRegistrationNumber = b.BusinessRegistrationNumber,
            OperatingLicenceNumber = b.OperatingLicenceNumber,
            ApplicationTypes = b.ApplicationTypes,
            CooperationType = b.CooperationType,
            Address = e.Address,
            Postcode = e.Postcode,
            Telephone = e.Telephone,
            Fax = e.Fax,
            ContactName = e.ContactName,
            ContactMobile = e.ContactMobile,
            ContactEmail = e.ContactEmail,
            Account = record.Account,
            RegisteredBy = record.RegisteredBy,
            RegisteredAt = record.RegisteredAt,
            DecidedBy = record.DecidedBy,
            Reason = record.Reason,
            UpdatedAt = record.UpdatedAt,
        };
    }
}
