namespace Tsm.Grains.Catalogue;

/// <summary>
/// The province a number is homed in, from the platform's number segments (requirement 5.4.1: a provincial application
/// goes to the numbers of its provinces; docs/security.md, "Regions").
/// </summary>
public interface IHomeProvinces
{
    /// <summary>The province code (NN0000) of the number's home region; null when no number segment matches it.</summary>
    ValueTask<string?> ProvinceOfAsync(string msisdn);
}
