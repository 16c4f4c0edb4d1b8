using System.Security.Claims;
using Tsm.Gateway.Regions;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Tests.Regions;

public sealed class RegionScopeTests
{
    private static ClaimsPrincipal User(params string[] regions) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "cs1"), .. regions.Select(r => new Claim(TsmClaims.Region, r))], "test"));

    private static RegionCode Code(string text) => RegionCode.Parse(text);

    [Fact]
    public void Without_a_region_claim_the_scope_is_national_and_sees_everything()
    {
        var scope = RegionScope.Of(User());
        Assert.True(scope.IsNational);
        Assert.Same(RegionScope.National, scope);
        Assert.True(scope.Allows(Code("440106")));
        Assert.True(scope.Allows(null));
    }

    [Fact]
    public void A_province_scope_sees_its_cities_and_counties_only()
    {
        var scope = RegionScope.Of(User("440000"));
        Assert.False(scope.IsNational);
        Assert.True(scope.Allows(Code("440000")));
        Assert.True(scope.Allows(Code("440100")));
        Assert.True(scope.Allows(Code("440106")));
        Assert.False(scope.Allows(Code("110105")));
    }

    [Fact]
    public void A_county_scope_does_not_see_its_city_or_neighbours()
    {
        var scope = RegionScope.Of(User("440106"));
        Assert.True(scope.Allows(Code("440106")));
        Assert.False(scope.Allows(Code("440100")));
        Assert.False(scope.Allows(Code("440103")));
    }

    [Fact]
    public void Records_of_no_known_region_are_visible_to_national_scope_only()
    {
        Assert.False(RegionScope.Of(User("440000")).Allows(null));
        Assert.True(RegionScope.National.Allows(null));
    }

    [Fact]
    public void Several_region_claims_see_the_union()
    {
        var scope = RegionScope.Of(User("440106", "110000"));
        Assert.True(scope.Allows(Code("440106")));
        Assert.True(scope.Allows(Code("110105")));
        Assert.False(scope.Allows(Code("440100")));
    }

    [Fact]
    public void A_malformed_region_claim_grants_nothing_and_never_widens_to_national()
    {
        var broken = RegionScope.Of(User("guangdong"));
        Assert.False(broken.IsNational);
        Assert.Empty(broken.Regions!);
        Assert.False(broken.Allows(Code("440106")));
        Assert.False(broken.Allows(null));

        var mixed = RegionScope.Of(User("guangdong", "440100"));
        Assert.True(mixed.Allows(Code("440106")));
        Assert.False(mixed.Allows(Code("440300")));
    }

    [Fact]
    public void Within_builds_a_scope_from_codes()
    {
        var scope = RegionScope.Within(Code("440100"));
        Assert.True(scope.Allows(Code("440106")));
        Assert.False(RegionScope.Within().Allows(Code("440106")));
    }
}
