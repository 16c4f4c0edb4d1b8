using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Api;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Security;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Admin;

/// <summary>The parameter routes: statuses, problem details, who may call them and who is recorded.</summary>
public sealed class ParametersApiTests : IAsyncLifetime
{
    private readonly AdminApiHost _host = new();

    public Task InitializeAsync() => _host.StartAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, object? body = null, string? user = "admin1", params string[] permissions)
    {
        using var response = await _host.Client.SendAsync(_host.Request(method, path, user, body,
            permissions.Length == 0 ? [Permissions.ParametersRead, Permissions.ParametersManage] : permissions));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Reading_takes_parameters_read_and_changing_parameters_manage()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(HttpMethod.Get, "/admin/v1/parameters", user: null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(HttpMethod.Get, "/admin/v1/parameters", user: "cs1", permissions: Permissions.OperationsRead)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/admin/v1/parameters", user: "biz1", permissions: Permissions.ParametersRead)).Status);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Send(HttpMethod.Put, "/admin/v1/parameters/Seram:LongPoll", new { value = "00:00:10" }, "biz1", Permissions.ParametersRead)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(HttpMethod.Delete, "/admin/v1/parameters/Seram:LongPoll", user: "biz1", permissions: Permissions.ParametersRead)).Status);
    }

    [Fact]
    public async Task A_parameter_is_set_read_in_effect_and_deleted_with_its_history()
    {
        var (status, list) = await Send(HttpMethod.Get, "/admin/v1/parameters");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("name").GetString() == "Wallet:TokenValidityDays" && p.GetProperty("type").GetString() == "integer");

        var (set, view) = await Send(HttpMethod.Put, "/admin/v1/parameters/Wallet:TokenValidityDays", new { value = 90 });
        Assert.Equal(HttpStatusCode.OK, set);
        Assert.Equal(("90", true, "admin1", "immediately"),
            (view.GetProperty("value").GetString(), view.GetProperty("overridden").GetBoolean(), view.GetProperty("updatedBy").GetString(), view.GetProperty("takesEffect").GetString()));
        Assert.Equal(90, _host.Services.GetRequiredService<IOptionsMonitor<WalletOptions>>().CurrentValue.TokenValidityDays);

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, "/admin/v1/parameters/ServiceProviders__WakeUpPush", new { value = false })).Status);
        Assert.Equal("false", (await Send(HttpMethod.Get, "/admin/v1/parameters/ServiceProviders:WakeUpPush")).Body.GetProperty("value").GetString());

        var (deleted, after) = await Send(HttpMethod.Delete, "/admin/v1/parameters/Wallet:TokenValidityDays", user: "admin2");
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal(("30", false), (after.GetProperty("value").GetString(), after.GetProperty("overridden").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Delete, "/admin/v1/parameters/Wallet:TokenValidityDays")).Status);

        var (_, history) = await Send(HttpMethod.Get, "/admin/v1/parameters/Wallet:TokenValidityDays/history");
        Assert.Equal(["delete:admin2", "add:admin1"], history.EnumerateArray().Select(h => $"{h.GetProperty("action").GetString()}:{h.GetProperty("changedBy").GetString()}"));
        Assert.Equal(1, (await Send(HttpMethod.Get, "/admin/v1/parameters/Wallet:TokenValidityDays/history?limit=1")).Body.GetArrayLength());

        var audited = await _host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { ActionPrefix = "parameters.", Target = "Wallet:TokenValidityDays" });
        Assert.Equal(
            ["parameters.delete admin1 refused:404 →", "parameters.delete admin2 ok:200 90→", "parameters.set admin1 ok:200 →90"],
            audited.Select(a => $"{a.Action} {a.Actor} {a.Outcome} {a.Before}→{a.After}"));
    }

    [Fact]
    public async Task Unknown_names_and_invalid_values_are_400s_naming_the_problem()
    {
        var (status, problem) = await Send(HttpMethod.Put, "/admin/v1/parameters/KeyService:StorageKey", new { value = "00" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("KeyService:StorageKey is not a known parameter", problem.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);

        (status, problem) = await Send(HttpMethod.Put, "/admin/v1/parameters/Ota:SecurityLevel", new { value = "4" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Ota:SecurityLevel: one of 1, 2, 3.", problem.GetProperty("errors").GetProperty("value")[0].GetString());

        (status, problem) = await Send(HttpMethod.Put, "/admin/v1/parameters/Ota:SecurityLevel", new { other = 1 });
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, problem.GetProperty("errors").TryGetProperty("value", out _)));
        (status, _) = await Send(HttpMethod.Put, "/admin/v1/parameters/Ota:SecurityLevel", new { value = new[] { 1 } });
        Assert.Equal(HttpStatusCode.BadRequest, status);

        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Delete, "/admin/v1/parameters/Storage:Profile")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/admin/v1/parameters/Nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/admin/v1/parameters/Nope/history")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Get, "/admin/v1/parameters/Seram:LongPoll/history?limit=0")).Status);
        Assert.Equal(0, (await Send(HttpMethod.Get, $"{ParametersApi.BasePath}/Ota:SecurityLevel/history")).Body.GetArrayLength());

        var refused = await _host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { ActionPrefix = "parameters.", Outcome = "refused:400" });
        Assert.Contains(refused, a => a is { Action: "parameters.set", Target: "KeyService:StorageKey", Actor: "admin1" });
        Assert.Contains(refused, a => a is { Action: "parameters.set", Target: "Ota:SecurityLevel", Before: null, After: null });
        Assert.Contains(refused, a => a is { Action: "parameters.delete", Target: "Storage:Profile" });
    }
}
