using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reqnroll;
using Tsm.Gateway.Management.Applications;
using Tsm.Gateway.Security;
using Tsm.Gateway.Storage;
using Tsm.Protocol.Cap;
using Tsm.Specs.Support;
using Tsm.Testing;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>The application catalogue's lifecycle (requirement 5.4.4) over HTTP, each actor with its own role.</summary>
[Binding]
public sealed class ApplicationCatalogueSteps(FeatureContext feature)
{
    private const string Applet = "0102030405060708";

    private string _versionId = "";
    private byte[] _cap = [];
    private (HttpStatusCode Status, JsonElement Body) _last;

    private Drivers.OtaGateway Gateway => CatalogueHooks.GatewayOf(feature);

    private Task<HttpClient> ClientAsync(string name, string role, string? provider = null) =>
        OperatorAccounts.ClientAsync(Gateway.Services, Gateway.BaseAddress, name, [role], provider: provider);

    private static async Task<(HttpStatusCode, JsonElement)> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }
    }

    [When(@"^provider (\w+) uploads version ([\w.]+) of the empty applet from ""(.+)""$")]
    public async Task WhenUploads(string provider, string version, string file)
    {
        _cap = SharedCaps.Bytes(file);
        var structure = new
        {
            aid = Applet, name = "Empty applet", providerVersion = version, securityDomainAid = CatalogueHooks.AcmeDomain,
            loadFiles = new[] { new { aid = "0102030405", file = "empty.cap", modules = new[] { Applet } } },
            instances = new[] { new { moduleAid = Applet, instanceAid = Applet, privileges = "00" } },
            mainModule = Applet, javaCardVersion = "2.2.1", cms2acVersion = "1.0", batches = new[] { "demo" },
        };
        using var content = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(structure)), "application" },
            { new ByteArrayContent(_cap), "files", "empty.cap" },
        };
        using var staff = await ClientAsync(provider + "-staff", Roles.ServiceProvider, provider);
        _last = await ReadAsync(await staff.PostAsync("/sp/v1/applications", content));
        Assert.True(_last.Status == HttpStatusCode.Created, _last.Body.ToString());
        _versionId = _last.Body.GetProperty("versionId").GetString()!;
    }

    [Then(@"^the upload is accepted in state ""(\w+)"" with the load file's SHA-1 from the CAP$")]
    public void ThenAccepted(string state)
    {
        Assert.Equal(state, _last.Body.GetProperty("status").GetString());
        Assert.Equal(CapFile.Parse(_cap).LoadFileDataBlockSha1,
            _last.Body.GetProperty("definition").GetProperty("loadFiles")[0].GetProperty("loadFileHash").GetString());
    }

    [When("^the business administrator (approves|archives|finishes archiving) it$")]
    public async Task WhenAdministrator(string step)
    {
        using var admin = await ClientAsync("spec-business-admin", Roles.BusinessAdministrator);
        var path = step switch { "approves" => "approve", "archives" => "archive", _ => "archived" };
        _last = await ReadAsync(await admin.PostAsJsonAsync($"/admin/v1/applications/{_versionId}/{path}", new { }));
    }

    [When(@"^the tester records a passed test on test number (\d+) for batch ""(\w+)""$")]
    public async Task WhenTested(string msisdn, string batch)
    {
        using var tester = await ClientAsync("spec-tester", Roles.Tester);
        _last = await ReadAsync(await tester.PostAsJsonAsync($"/admin/v1/applications/{_versionId}/tests",
            new { msisdn, batches = new[] { batch }, versions = new[] { "JC 2.2.1" }, passed = true }));
    }

    [When(@"^the business administrator publishes it to batch ""(\w+)""$")]
    public async Task WhenPublished(string batch)
    {
        using var admin = await ClientAsync("spec-business-admin", Roles.BusinessAdministrator);
        _last = await ReadAsync(await admin.PostAsJsonAsync($"/admin/v1/applications/{_versionId}/publish", new { batches = new[] { batch } }));
    }

    [Then(@"^the application is ""(\w+)""$")]
    public async Task ThenState(string state)
    {
        var (status, body) = await ReadAsync(await Gateway.Operator.GetAsync($"/admin/v1/applications/{_versionId}"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(state, body.GetProperty("application").GetProperty("status").GetString());
    }

    [Then(@"^the answer is (\d+) ""(.+)""$")]
    public void ThenAnswer(int status, string title)
    {
        Assert.Equal(status, (int)_last.Status);
        Assert.Equal(title, _last.Body.GetProperty("title").GetString());
    }

    [Then(@"^the engine's catalogue lists it published for batch ""(\w+)""$")]
    public async Task ThenEngineLists(string batch)
    {
        await using var connection = await Gateway.Services.GetRequiredService<IPlatformDatabase>().OpenConnectionAsync();
        var definition = Assert.Single(await ApplicationStore.ListForEngineAsync(connection), d => d.Aid == Applet);
        Assert.Equal((Grains.Catalogue.ApplicationStatus.Published, _versionId, batch), (definition.Status, definition.VersionId, Assert.Single(definition.Batches)));
    }

    [Then("^its history reads (.+)$")]
    public async Task ThenHistory(string actions)
    {
        var (_, body) = await ReadAsync(await Gateway.Operator.GetAsync($"/admin/v1/applications/{_versionId}"));
        Assert.Equal(actions.Split(", "), body.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
    }

}
