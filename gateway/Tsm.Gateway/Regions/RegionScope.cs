using System.Security.Claims;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Regions;

/// <summary>
/// Which records an operator may see (requirement 5.1: customer service is assigned a province, city or county;
/// docs/security.md, "Regions"). An account without a <see cref="TsmClaims.Region"/> claim has national scope and
/// sees everything; an account with region claims sees the records whose region lies within one of them. A record
/// with no known region (an MSISDN outside every number segment) is visible to national scope only. A region claim
/// that is not a valid code grants nothing: a broken claim never widens the scope.
/// </summary>
public sealed class RegionScope
{
    private RegionScope(IReadOnlyList<RegionCode>? regions) => Regions = regions;

    /// <summary>The scope that sees everything.</summary>
    public static RegionScope National { get; } = new(null);

    /// <summary>The regions the scope covers; null for national scope, empty when only malformed claims were found.</summary>
    public IReadOnlyList<RegionCode>? Regions { get; }

    public bool IsNational => Regions is null;

    /// <summary>The scope of a caller, from its region claims.</summary>
    public static RegionScope Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = user.FindAll(TsmClaims.Region).ToList();
        if (claims.Count == 0)
            return National;
        var regions = new List<RegionCode>();
        foreach (var claim in claims)
        {
            if (RegionCode.TryParse(claim.Value, out var code, out _))
                regions.Add(code);
        }

        return new RegionScope(regions);
    }

    /// <summary>A scope limited to <paramref name="regions"/> (none: a scope that sees nothing with a region).</summary>
    public static RegionScope Within(params IEnumerable<RegionCode> regions) => new([.. regions]);

    /// <summary>Whether a record of <paramref name="recordRegion"/> (null: region unknown) is visible in this scope.</summary>
    public bool Allows(RegionCode? recordRegion) =>
        Regions is null || (recordRegion is not null && Regions.Any(r => r.Contains(recordRegion)));
}
