using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reqnroll;
using Tsm.Gateway.Security;
using Tsm.Protocol.Wallet;
using Tsm.Specs.Support;
using Tsm.Testing;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>
/// The management plane's whole story (Features/Applications/ManagementStory.feature; requirements 5.3, 5.4.4, 5.8.4.1):
/// after the SD steps of <see cref="SecurityDomainDefinitionSteps"/>, a real CAP in that SD goes from upload to a
/// phone and to the archive, each step by its own role over HTTP.
/// </summary>
[Binding]
public sealed class ManagementStorySteps(FeatureContext feature, SpScenario sp, SecurityDomainDefinitionSteps domains) : IDisposable
{
    private const string Applet = "0102030405060708";

    private readonly Dictionary<string, HttpClient> _clients = [];
    private string _versionId = "";
    private (HttpStatusCode Status, JsonElement Body) _last;

    private Drivers.OtaGateway Gateway => SpHooks.GatewayOf(feature);

    private async Task<HttpClient> ClientAsync(string name, string role, string? provider = null)
    {
        if (!_clients.TryGetValue(name, out var client))
            _clients[name] = client = await OperatorAccounts.ClientAsync(Gateway.Services, Gateway.BaseAddress, name, [role], provider: provider);
        return client;
    }

    private static async Task<(HttpStatusCode, JsonElement)> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }
    }

    private void Expect(HttpStatusCode status) => Assert.True(_last.Status == status, $"expected {(int)status}, got {(int)_last.Status}: {_last.Body}");

    [When(@"^(\w+)'s staff upload version ([\w.]+) of the empty applet from ""(.+)"" into the defined security domain$")]
    public async Task WhenUploads(string provider, string version, string file)
    {
        var structure = new
        {
            aid = Applet, name = "Empty applet", providerVersion = version, securityDomainAid = domains.Definitions.Aid,
            loadFiles = new[] { new { aid = "0102030405", file = "empty.cap", modules = new[] { Applet } } },
            instances = new[] { new { moduleAid = Applet, instanceAid = Applet, privileges = "00" } },
            mainModule = Applet, javaCardVersion = "2.2.1", cms2acVersion = "1.0", batches = new[] { "demo" },
        };
        using var content = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(structure)), "application" },
            { new ByteArrayContent(SharedCaps.Bytes(file)), "files", "empty.cap" },
        };
        var staff = await ClientAsync(provider + "-story-staff", Roles.ServiceProvider, provider);
        _last = await ReadAsync(await staff.PostAsync(new Uri("/sp/v1/applications", UriKind.Relative), content));
        Expect(HttpStatusCode.Created);
        _versionId = _last.Body.GetProperty("versionId").GetString()!;
    }

    [When(@"^a business administrator publishes the application to batch ""(\w+)""$")]
    public Task WhenPublished(string batch) => WhenAdministrator("publishes", batch);

    [When(@"^a business administrator (approves|archives|finishes archiving) the application$")]
    public Task WhenAdministrator(string step) => WhenAdministrator(step, null);

    private async Task WhenAdministrator(string step, string? batch)
    {
        var admin = await ClientAsync("story-admin", Roles.BusinessAdministrator);
        var (path, body) = step switch
        {
            "approves" => ("approve", (object)new { }),
            "publishes" => ("publish", new { batches = new[] { batch } }),
            "archives" => ("archive", new { }),
            _ => ("archived", new { }),
        };
        _last = await ReadAsync(await admin.PostAsJsonAsync(new Uri($"/admin/v1/applications/{_versionId}/{path}", UriKind.Relative), body));
        Expect(HttpStatusCode.OK);
    }

    [When(@"^a tester records a passed test on test number (\d+) for batch ""(\w+)""$")]
    public async Task WhenTested(string msisdn, string batch)
    {
        var manager = await ClientAsync("story-batches", Roles.SystemAdministrator);
        using (var added = await manager.PostAsJsonAsync(new Uri("/admin/v1/test-numbers", UriKind.Relative), new { msisdn, note = "story test phone" }))
            Assert.True(added.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await added.Content.ReadAsStringAsync());
        var tester = await ClientAsync("story-tester", Roles.Tester);
        _last = await ReadAsync(await tester.PostAsJsonAsync(new Uri($"/admin/v1/applications/{_versionId}/tests", UriKind.Relative),
            new { msisdn, batches = new[] { batch }, versions = new[] { "JC 2.2.1" }, passed = true }));
        Expect(HttpStatusCode.OK);
    }

    [Then(@"^the uploaded application is ""(\w+)""$")]
    public async Task ThenState(string state)
    {
        var (status, body) = await ReadAsync(await Gateway.Operator.GetAsync(new Uri($"/admin/v1/applications/{_versionId}", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(state, body.GetProperty("application").GetProperty("status").GetString());
    }

    [Then(@"^the phone's wallet (is|is not) offered the application$")]
    public async Task ThenOffered(string offered)
    {
        var login = await sp.Phone.LoginAsync(sp.Phone.TokenOnCard());
        Assert.Equal(offered == "is", login.Applications.Download.Contains(Applet));
    }

    [When(@"^the phone's wallet downloads the application$")]
    public async Task WhenWalletDownloads()
    {
        var accepted = await sp.Phone.SubmitAsync(WalletOperation.Download, Applet, WalletChannel.Wallet);
        var session = await sp.Phone.RunSessionAsync(accepted.SessionId);
        Assert.True(session.IsCompleted, $"{session.Outcome}: {session.Detail}");
        var task = await sp.Phone.TaskAsync(accepted.TaskId);
        Assert.True(task.State == WalletTaskState.Succeeded, $"download {task.State}: {task.Failure?.Reason} {task.Failure?.StatusWord}");
    }

    [Then(@"^the SE holds the applet in the defined security domain$")]
    public void ThenHeld()
    {
        var instance = sp.OnCard(Applet) ?? throw new InvalidOperationException($"{Applet} is not on the card.");
        Assert.Equal(domains.Definitions.Aid, instance.AssociatedSd, StringComparer.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
    }
}
