using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Reqnroll;
using Tsm.Gateway.Security;
using Tsm.Specs.Support;
using Tsm.Testing;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

/// <summary>
/// Service-provider management (requirements 5.6.1–5.6.6) over HTTP: each administrator signs in with the
/// business-administrator role; the provider's staff sign in with the SPID and the password read from the contact's
/// e-mail (docs/management/providers.md).
/// </summary>
[Binding]
public sealed class ProviderManagementSteps(FeatureContext feature) : IDisposable
{
    private readonly HttpClient _anonymous = new() { BaseAddress = ProviderHooks.GatewayOf(feature).BaseAddress };
    private HttpClient? _staff;
    private string _id = "";
    private string? _spid;
    private string _email = "";
    private string _password = "";
    private int _pendingBefore;
    private (HttpStatusCode Status, JsonElement Body, string Text) _last;

    private Drivers.OtaGateway Gateway => ProviderHooks.GatewayOf(feature);

    private Drivers.ProviderMailbox Mailbox => ProviderHooks.MailboxOf(feature);

    private string Key => _spid ?? _id;

    public void Dispose()
    {
        _anonymous.Dispose();
        _staff?.Dispose();
    }

    private Task<HttpClient> AdministratorAsync(string name) =>
        OperatorAccounts.ClientAsync(Gateway.Services, Gateway.BaseAddress, "spec-" + name, [Roles.BusinessAdministrator]);

    private static async Task<(HttpStatusCode, JsonElement, string)> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text);
        }
    }

    private static JsonElement ProviderOf(JsonElement body) =>
        body.TryGetProperty("provider", out var provider) ? provider : body;

    private async Task RegisterAsync(string administrator, string name, string email, string? mobile)
    {
        _email = email;
        using var admin = await AdministratorAsync(administrator);
        _last = await ReadAsync(await admin.PostAsJsonAsync("/admin/v1/providers", new
        {
            name = name.Length == 0 ? null : name,
            type = "bank",
            businessRegistrationNumber = "91110000MA01",
            operatingLicenceNumber = "B0001",
            applicationTypes = new[] { "payment" },
            cooperationType = "joint",
            address = "1 Spec Road",
            contactName = "Ops",
            contactMobile = mobile,
            contactEmail = email,
        }));
        if (_last.Status == HttpStatusCode.Created)
            _id = _last.Body.GetProperty("id").GetString()!;
    }

    private async Task DecideAsync(string administrator, string action, object body)
    {
        using var admin = await AdministratorAsync(administrator);
        _last = await ReadAsync(await admin.PostAsJsonAsync($"/admin/v1/providers/{Key}/{action}", body));
        if (_last.Status == HttpStatusCode.OK && ProviderOf(_last.Body).GetProperty("spid").GetString() is { } spid)
            _spid = spid;
    }

    private async Task<JsonElement> StoredAsync()
    {
        var (status, body, text) = await ReadAsync(await Gateway.Operator.GetAsync(new Uri($"/admin/v1/providers/{Key}", UriKind.Relative)));
        Assert.True(status == HttpStatusCode.OK, text);
        return body;
    }

    private async Task<JsonElement> PendingAsync()
    {
        var (status, body, text) = await ReadAsync(await Gateway.Operator.GetAsync(new Uri("/admin/v1/providers?status=pending&limit=200", UriKind.Relative)));
        Assert.True(status == HttpStatusCode.OK, text);
        return body;
    }

    [When(@"^business administrator ""(\w+)"" registers the provider ""([^""]*)"" with contact e-mail ""([^""]+)""$")]
    public Task WhenRegisters(string administrator, string name, string email) => RegisterAsync(administrator, name, email, null);

    [Given(@"^business administrator ""(\w+)"" registered the provider ""([^""]*)"" with contact e-mail ""([^""]+)""$")]
    public async Task GivenRegistered(string administrator, string name, string email)
    {
        await RegisterAsync(administrator, name, email, null);
        Assert.True(_last.Status == HttpStatusCode.Created, _last.Text);
    }

    [When(@"^business administrator ""(\w+)"" registers the provider ""([^""]*)"" with contact e-mail ""([^""]+)"" and contact mobile ""([^""]+)""$")]
    public Task WhenRegistersWithMobile(string administrator, string name, string email, string mobile) =>
        RegisterAsync(administrator, name, email, mobile);

    [When(@"^business administrator ""(\w+)"" approves the provider$")]
    public Task WhenApproves(string administrator) => DecideAsync(administrator, "approve", new { });

    [Given(@"^business administrator ""(\w+)"" approved it$")]
    public async Task GivenApproved(string administrator)
    {
        await DecideAsync(administrator, "approve", new { });
        Assert.True(_last.Status == HttpStatusCode.OK, _last.Text);
        _password = Mailbox.PasswordFor(_email) ?? throw new InvalidOperationException($"No initial password was mailed to {_email}.");
    }

    [When(@"^business administrator ""(\w+)"" (blacklists|restores) the provider because ""([^""]+)""$")]
    public Task WhenBlacklistsOrRestores(string administrator, string action, string reason) =>
        DecideAsync(administrator, action == "blacklists" ? "blacklist" : "restore", new { reason });

    [When(@"^business administrator ""(\w+)"" deregisters the provider$")]
    public Task WhenDeregisters(string administrator) => DecideAsync(administrator, "deregister", new { });

    [Then(@"^the registry answers (\d+) ""([^""]+)""$")]
    public void ThenRefused(int status, string title)
    {
        Assert.True(status == (int)_last.Status, _last.Text);
        Assert.Equal(title, _last.Body.GetProperty("title").GetString());
    }

    [Then(@"^the registry answers (\d+) and the provider is ""(\w+)"" without an SPID$")]
    public void ThenWithoutSpid(int status, string state)
    {
        ThenState(status, state);
        Assert.Equal(JsonValueKind.Null, ProviderOf(_last.Body).GetProperty("spid").ValueKind);
    }

    [Then(@"^the registry answers (\d+) and the provider is ""(\w+)"" with an SPID$")]
    public void ThenWithSpid(int status, string state)
    {
        ThenState(status, state);
        var provider = ProviderOf(_last.Body);
        Assert.Matches("^SP[0-9]{6}$", provider.GetProperty("spid").GetString());
        Assert.Equal(_spid, provider.GetProperty("account").GetString());
    }

    [Then(@"^the registry answers (\d+) and the provider is ""(\w+)""$")]
    public void ThenState(int status, string state)
    {
        Assert.True(status == (int)_last.Status, _last.Text);
        Assert.Equal(state, ProviderOf(_last.Body).GetProperty("status").GetString());
    }

    [Then(@"^the provider is ""(\w+)""$")]
    public async Task ThenStored(string state) => Assert.Equal(state, (await StoredAsync()).GetProperty("status").GetString());

    [Then(@"^the approval's answer reports the e-mail notice ""([\w-]+)"" and does not hold the initial password$")]
    public void ThenApprovalAnswer(string email)
    {
        Assert.Equal(email, _last.Body.GetProperty("notification").GetProperty("email").GetString());
        _password = Mailbox.PasswordFor(_email) ?? throw new InvalidOperationException($"No initial password was mailed to {_email}.");
        Assert.DoesNotContain(_password, _last.Text, StringComparison.Ordinal);
    }

    [Then(@"^the contact's e-mail carries a (\d+)-character initial password$")]
    public void ThenMailedPassword(int length)
    {
        var password = Mailbox.PasswordFor(_email);
        Assert.NotNull(password);
        Assert.Equal(length, password.Length);
        _password = password;
    }

    [Then("^the contact's e-mail tells of the deregistration$")]
    public void ThenDeregistrationMailed() =>
        Assert.Contains(Mailbox.To(_email), m => m.Contains("deregistered", StringComparison.Ordinal));

    [When("^the provider's staff sign in with the SPID and the initial password$")]
    public async Task WhenSignIn()
    {
        Assert.NotNull(_spid);
        _last = await ReadAsync(await _anonymous.PostAsJsonAsync("/admin/v1/session/login", new { userName = _spid, password = _password }));
    }

    [Given("^the provider's staff signed in with the SPID and the initial password$")]
    public async Task GivenSignedIn()
    {
        await WhenSignIn();
        ThenSignedIn();
    }

    [Then("^the sign-in is accepted$")]
    public void ThenSignedIn()
    {
        Assert.True(_last.Status == HttpStatusCode.OK, _last.Text);
        _staff?.Dispose();
        _staff = new HttpClient { BaseAddress = Gateway.BaseAddress };
        _staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _last.Body.GetProperty("accessToken").GetString());
    }

    [Then(@"^the sign-in is refused with (\d+) ""([^""]+)"" because the provider is blacklisted or deregistered$")]
    public void ThenSignInRefused(int status, string title)
    {
        ThenRefused(status, title);
        Assert.Contains("blacklisted or deregistered", _last.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [When(@"^the provider's staff change their (address|name) to ""([^""]+)""$")]
    public async Task WhenStaffEdit(string field, string value)
    {
        Assert.NotNull(_staff);
        _last = await ReadAsync(await _staff.PatchAsJsonAsync("/sp/v1/provider", new Dictionary<string, string> { [field] = value }));
    }

    [Then(@"^the registry answers (\d+) and the provider's address is ""([^""]+)""$")]
    public void ThenAddress(int status, string address)
    {
        Assert.True(status == (int)_last.Status, _last.Text);
        Assert.Equal(address, _last.Body.GetProperty("address").GetString());
    }

    [Then(@"^the provider is named ""([^""]+)"" with the address ""([^""]+)""$")]
    public async Task ThenNamed(string name, string address)
    {
        var stored = await StoredAsync();
        Assert.Equal((name, address), (stored.GetProperty("name").GetString(), stored.GetProperty("address").GetString()));
    }

    [Then(@"^the provider's recorded reason is ""([^""]+)""$")]
    public async Task ThenReason(string reason) => Assert.Equal(reason, (await StoredAsync()).GetProperty("reason").GetString());

    [Then("^the blacklist lists the provider$")]
    public async Task ThenBlacklisted()
    {
        var (status, body, text) = await ReadAsync(await Gateway.Operator.GetAsync(new Uri("/admin/v1/providers?status=blacklisted&limit=200", UriKind.Relative)));
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Contains(body.GetProperty("items").EnumerateArray(), p => p.GetProperty("spid").GetString() == _spid);
    }

    [Given("^the registry's pending providers are counted$")]
    public async Task GivenPendingCounted() => _pendingBefore = (await PendingAsync()).GetProperty("total").GetInt32();

    [Then(@"^no pending provider carries the contact e-mail ""([^""]+)""$")]
    public async Task ThenNonePending(string email) =>
        Assert.DoesNotContain((await PendingAsync()).GetProperty("items").EnumerateArray(),
            p => p.GetProperty("contactEmail").GetString() == email);

    [Then("^the number of pending providers has not changed$")]
    public async Task ThenPendingUnchanged() => Assert.Equal(_pendingBefore, (await PendingAsync()).GetProperty("total").GetInt32());
}
