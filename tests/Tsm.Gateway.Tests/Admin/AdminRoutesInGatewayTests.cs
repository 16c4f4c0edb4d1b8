using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Admin;

/// <summary>The region and parameter routes in the real gateway: its accounts, policies and audit trail.</summary>
public sealed class AdminRoutesInGatewayTests
{
    [Fact]
    public async Task Seeded_roles_decide_who_reads_and_changes_and_each_change_is_audited_once()
    {
        using var database = new TempDatabase();
        await using var gateway = new RunningGateway(database.Path);
        await gateway.StartAsync();
        using var admin = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "sysadmin1", [Security.Roles.SystemAdministrator]);
        using var service = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "cs1", [Security.Roles.CustomerService], region: "440100");

        using (var set = await admin.PutAsJsonAsync("/admin/v1/parameters/Ota:SecurityLevel", new { value = "2" }))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(2, gateway.Services.GetRequiredService<IOptionsMonitor<OtaOptions>>().CurrentValue.SecurityLevel);
        using (var added = await admin.PostAsJsonAsync("/admin/v1/regions", new { code = "440300", name = "深圳市" }))
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        using (var regions = await service.GetAsync(new Uri("/admin/v1/regions/tree", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, regions.StatusCode);
        using (var parameters = await service.GetAsync(new Uri("/admin/v1/parameters", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Forbidden, parameters.StatusCode);
        using (var region = await service.PostAsJsonAsync("/admin/v1/regions", new { code = "440400", name = "珠海市" }))
            Assert.Equal(HttpStatusCode.Forbidden, region.StatusCode);

        var audit = gateway.Services.GetRequiredService<IAuditLog>();
        var changes = await audit.QueryAsync(new AuditQuery { Actor = "sysadmin1" });
        Assert.Contains(changes, a => a is { Action: "parameters.set", Target: "Ota:SecurityLevel", Outcome: "ok:200", After: "2" });
        Assert.Contains(changes, a => a is { Action: "regions.add", Target: "440300", Outcome: "ok:201" });
        Assert.DoesNotContain(changes, a => a.Action.StartsWith("PUT ", StringComparison.Ordinal) || a.Action.StartsWith("POST ", StringComparison.Ordinal));
    }
}
