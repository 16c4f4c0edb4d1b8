using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Tests.Admin;

/// <summary>The region and number-segment routes: statuses, problem details and who may call them.</summary>
public sealed class RegionsApiTests : IAsyncLifetime
{
    private readonly AdminApiHost _host = new();

    public Task InitializeAsync() => _host.StartAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, object? body = null, string? user = "admin", params string[] permissions)
    {
        using var response = await _host.Client.SendAsync(_host.Request(method, path, user, body, permissions.Length == 0 ? [Permissions.RegionsManage] : permissions));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Reads_need_a_signed_in_account_and_writes_the_regions_permission()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(HttpMethod.Get, "/admin/v1/regions", user: null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/admin/v1/regions", user: "cs1", permissions: Permissions.OperationsRead)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/admin/v1/number-segments?msisdn=13800130001", user: "cs1", permissions: Permissions.OperationsRead)).Status);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Send(HttpMethod.Post, "/admin/v1/regions", new { code = "440300", name = "深圳市" }, "cs1", Permissions.OperationsRead)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(HttpMethod.Delete, "/admin/v1/number-segments/1380013", user: "cs1", permissions: Permissions.ParametersManage)).Status);
    }

    [Fact]
    public async Task Regions_are_listed_as_a_list_and_a_tree_and_read_one_by_one()
    {
        var (status, list) = await Send(HttpMethod.Get, "/admin/v1/regions");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(6, list.GetArrayLength());
        var (_, children) = await Send(HttpMethod.Get, "/admin/v1/regions?parent=440000");
        Assert.Equal("广州市", Assert.Single(children.EnumerateArray()).GetProperty("name").GetString());

        var (_, tree) = await Send(HttpMethod.Get, "/admin/v1/regions/tree");
        Assert.Equal(["110000", "440000"], tree.EnumerateArray().Select(n => n.GetProperty("code").GetString()));
        var tianhe = tree[1].GetProperty("children")[0].GetProperty("children")[0];
        Assert.Equal(("440106", "county"), (tianhe.GetProperty("code").GetString(), tianhe.GetProperty("level").GetString()));

        var (one, region) = await Send(HttpMethod.Get, "/admin/v1/regions/440100");
        Assert.Equal(HttpStatusCode.OK, one);
        Assert.Equal(("广州市", "city", "440000"), (region.GetProperty("name").GetString(), region.GetProperty("level").GetString(), region.GetProperty("parentCode").GetString()));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field()
    {
        var (status, problem) = await Send(HttpMethod.Post, "/admin/v1/regions", new { code = "4403", name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("code", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));

        (status, problem) = await Send(HttpMethod.Get, "/admin/v1/regions/44x100");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("code: A region code is six digits", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        (status, problem) = await Send(HttpMethod.Get, "/admin/v1/regions?parent=1");
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, problem.GetProperty("errors").TryGetProperty("parent", out _)));

        (status, problem) = await Send(HttpMethod.Post, "/admin/v1/number-segments", new { prefix = "13", region = "440106" });
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, problem.GetProperty("errors").TryGetProperty("prefix", out _)));

        (status, problem) = await Send(HttpMethod.Get, "/admin/v1/number-segments?msisdn=abc");
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, problem.GetProperty("errors").TryGetProperty("msisdn", out _)));

        (status, _) = await Send(HttpMethod.Post, "/admin/v1/regions", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Regions_are_added_renamed_and_deleted_with_404_and_409_for_what_cannot_be()
    {
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Post, "/admin/v1/regions", new { code = "440305", name = "南山区" })).Status);
        var (created, region) = await Send(HttpMethod.Post, "/admin/v1/regions", new { code = "440300", name = "深圳市" });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("province", (await Send(HttpMethod.Get, "/admin/v1/regions/440000")).Body.GetProperty("level").GetString());
        Assert.Equal("440300", region.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Post, "/admin/v1/regions", new { code = "440300", name = "again" })).Status);

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, "/admin/v1/regions/440300", new { name = "深圳" })).Status);
        Assert.Equal("深圳", (await Send(HttpMethod.Get, "/admin/v1/regions/440300")).Body.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Put, "/admin/v1/regions/120000", new { name = "天津市" })).Status);

        var (refused, problem) = await Send(HttpMethod.Delete, "/admin/v1/regions/440000");
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal("Region has children", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Delete, "/admin/v1/regions/440106")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, "/admin/v1/regions/440300")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/admin/v1/regions/440300")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Delete, "/admin/v1/regions/440300")).Status);

        var audited = await _host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { ActionPrefix = "regions.", Target = "440300" });
        Assert.Equal(
            ["regions.delete refused:404 →", "regions.delete ok:204 440300 深圳→", "regions.rename ok:200 440300 深圳市→440300 深圳",
             "regions.add refused:409 →", "regions.add ok:201 →440300 深圳市"],
            audited.Select(a => $"{a.Action} {a.Outcome} {a.Before}→{a.After}"));
    }

    [Fact]
    public async Task Number_segments_are_managed_and_give_a_numbers_home_region()
    {
        var (status, match) = await Send(HttpMethod.Get, "/admin/v1/number-segments?msisdn=%2B8613800130001");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("1380013", "440106", "天河区"),
            (match.GetProperty("prefix").GetString(), match.GetProperty("region").GetString(), match.GetProperty("regionName").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/admin/v1/number-segments?msisdn=13700000000")).Status);

        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Post, "/admin/v1/number-segments", new { prefix = "137", region = "120000" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await Send(HttpMethod.Post, "/admin/v1/number-segments", new { prefix = "137", region = "440000" })).Status);
        Assert.Equal("440000", (await Send(HttpMethod.Get, "/admin/v1/number-segments?msisdn=13700000000")).Body.GetProperty("region").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Post, "/admin/v1/number-segments", new { prefix = "137", region = "440000" })).Status);

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, "/admin/v1/number-segments/137", new { region = "110000" })).Status);
        Assert.Equal("110000", (await Send(HttpMethod.Get, "/admin/v1/number-segments/137")).Body.GetProperty("region").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Put, "/admin/v1/number-segments/137", new { prefix = "138", region = "110000" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Put, "/admin/v1/number-segments/136", new { region = "110000" })).Status);

        Assert.Equal(5, (await Send(HttpMethod.Get, "/admin/v1/number-segments")).Body.GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, "/admin/v1/number-segments/137")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Delete, "/admin/v1/number-segments/137")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/admin/v1/number-segments/137")).Status);

        var audited = await _host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { ActionPrefix = "number-segments.", Target = "137", Outcome = "ok" });
        Assert.Equal(
            ["number-segments.delete admin 137 → 110000→", "number-segments.move admin 137 → 440000→137 → 110000", "number-segments.add admin →137 → 440000"],
            audited.Select(a => $"{a.Action} {a.Actor} {a.Before}→{a.After}"));
    }
}
