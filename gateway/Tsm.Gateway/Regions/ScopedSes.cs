using System.Security.Claims;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Regions;

/// <summary>
/// Whether a caller may see or act on one SE (docs/security.md, "Regions"): a national caller any; a regional one
/// only an SE whose bound number is homed in its region. An SE bound to no number belongs to no region, so only
/// national callers reach it.
/// </summary>
public static class ScopedSes
{
    public static async Task<bool> AllowsAsync(ClaimsPrincipal caller, string seId, SeDirectory directory, RegionStore regions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(regions);
        var scope = RegionScope.Of(caller);
        if (scope.IsNational)
            return true;
        return await directory.MsisdnOfAsync(seId.ToUpperInvariant(), cancellationToken) is { } msisdn
            && scope.Allows(await regions.HomeRegionOfAsync(msisdn, cancellationToken));
    }

    /// <summary>Whether a caller may act for <paramref name="msisdn"/> (a business hall serving a customer in person).</summary>
    public static async Task<bool> AllowsNumberAsync(ClaimsPrincipal caller, string msisdn, RegionStore regions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var scope = RegionScope.Of(caller);
        return scope.IsNational || scope.Allows(await regions.HomeRegionOfAsync(msisdn, cancellationToken));
    }
}
