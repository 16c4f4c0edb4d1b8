using Tsm.Grains.Catalogue;

namespace Tsm.Gateway.Regions;

/// <summary>The engine's view of number segments (requirement 5.4.1 scope): a number's home region, taken up to its province.</summary>
public sealed class RegionHomeProvinces(RegionStore store) : IHomeProvinces
{
    public async ValueTask<string?> ProvinceOfAsync(string msisdn) =>
        await store.HomeRegionOfAsync(msisdn) is { } region ? region.Value[..2] + "0000" : null;
}
