namespace Tsm.Grains.Management.Providers;

/// <summary>
/// A provider's basic attributes (requirement 5.6.1): only an operator changes them, after the provider applied in
/// writing (5.6.4). The SPID, also basic, is issued by the platform on approval and never changes.
/// </summary>
public sealed record ProviderBasics(
    string Name,
    string Type,
    string BusinessRegistrationNumber,
    string OperatingLicenceNumber,
    IReadOnlyList<string> ApplicationTypes,
    string CooperationType);
