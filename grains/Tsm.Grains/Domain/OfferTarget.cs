namespace Tsm.Grains.Domain;

/// <summary>The SE's side of a <see cref="CatalogueOffer"/> decision: its number, whether that is a test number, whether the application's provider is blocked.</summary>
public sealed record OfferTarget(string Msisdn, bool TestNumber, bool ProviderBlocked);
