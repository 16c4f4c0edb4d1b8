using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Tests.Audit;

public sealed class AuditActorTests
{
    private static DefaultHttpContext Http(ClaimsPrincipal user)
    {
        var http = new DefaultHttpContext { User = user };
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.9");
        return http;
    }

    [Fact]
    public void An_account_is_named_with_its_roles_and_region()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "alice"), new Claim(ClaimTypes.Role, Roles.SystemAdministrator),
                new Claim(ClaimTypes.Role, Roles.Tester), new Claim(TsmClaims.Region, "4401"),
            ],
            "cookie"));
        var actor = AuditActor.From(Http(user));
        Assert.Equal(new AuditActor("alice", "system-administrator,tester", "4401", "192.0.2.9"), actor);

        var entry = actor.Entry("accounts.create", AuditOutcome.Ok, target: "bob", after: "roles: tester");
        Assert.Equal(("alice", "system-administrator,tester", "4401", "accounts.create", "bob", "ok", null, "roles: tester", "192.0.2.9"),
            (entry.Actor, entry.Roles, entry.Region, entry.Action, entry.Target, entry.Outcome, entry.Before, entry.After, entry.RemoteAddress));
    }

    [Fact]
    public void A_business_platform_is_named_by_its_id_and_nobody_is_anonymous()
    {
        var platform = new ClaimsPrincipal(new ClaimsIdentity([new Claim(TsmClaims.Platform, "bank-1")], "api-key"));
        Assert.Equal("bank-1", AuditActor.From(Http(platform)).Name);

        var nobody = AuditActor.From(Http(new ClaimsPrincipal(new ClaimsIdentity())));
        Assert.Equal(new AuditActor(AuditActor.Anonymous, "", null, "192.0.2.9"), nobody);
    }

    [Theory]
    [InlineData(200, "ok:200")]
    [InlineData(302, "ok:302")]
    [InlineData(403, "refused:403")]
    [InlineData(503, "failed:503")]
    public void Outcomes_of_an_http_status(int status, string expected)
    {
        Assert.Equal(expected, AuditOutcome.OfStatus(status));
        Assert.True(AuditOutcome.IsValid(expected));
    }

    [Theory]
    [InlineData("ok", true)]
    [InlineData("refused", true)]
    [InlineData("failed:500", true)]
    [InlineData("failed:", false)]
    [InlineData("failed:5000", false)]
    [InlineData("failed:600", false)]
    [InlineData("OK", false)]
    [InlineData("", false)]
    public void Outcome_syntax(string outcome, bool valid) => Assert.Equal(valid, AuditOutcome.IsValid(outcome));
}
