namespace Tsm.Grains.Domain;

/// <summary>
/// The SE's side of a <see cref="CatalogueOffer"/> decision: its number, whether that is a test number, whether the
/// application's provider is blocked, and the province (code NN0000) the number is homed in, null when its number
/// segment is unknown (docs/security.md, "Regions").
/// </summary>
public sealed record OfferTarget(string Msisdn, bool TestNumber, bool ProviderBlocked, string? HomeProvince = null);
