using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Security;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains;

namespace Tsm.Gateway.Tests.Audit;

/// <summary>
/// GET /admin/v1/audit and /admin/v1/audit/verify over real HTTP, behind a stand-in authentication (headers name the
/// principal) and the audit.read policy as the lead registers it: bad parameters are 400 problems, and a caller
/// scoped to a region sees only its region's rows whatever it asks for.
/// </summary>
public sealed class AuditApiTests : IAsyncLifetime
{
    private readonly TempDatabase _folder = new();
    private WebApplication? _app;
    private HttpClient? _client;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = _folder.Folder,
            Args = ["--urls", "http://127.0.0.1:0"],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:SqlitePath"] = _folder.Path });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddKeyedSingleton<TimeProvider>(DomainClock.Key, new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        builder.AddAuditLog();
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Permissions.AuditRead, p => p.RequireClaim(TsmClaims.Permission, Permissions.AuditRead));
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapAuditApi();
        await _app.StartAsync();

        var log = _app.Services.GetRequiredService<IAuditLog>();
        foreach (var region in (string?[])["4401", "440105", "4402", null, "4401"])
            await log.AppendAsync(new AuditEntry { Actor = "admin", Region = region, Action = "accounts.create", Outcome = AuditOutcome.Ok });

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? user = "auditor", string? region = null, bool permitted = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
            request.Headers.Add(HeaderAuthentication.UserHeader, user);
        if (region is not null)
            request.Headers.Add(HeaderAuthentication.RegionHeader, region);
        if (permitted)
            request.Headers.Add(HeaderAuthentication.PermissionHeader, Permissions.AuditRead);
        return await Client.SendAsync(request);
    }

    private async Task<long[]> SeqsAsync(string path, string? region = null)
    {
        using var response = await GetAsync(path, region: region);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64())];
    }

    [Fact]
    public async Task Only_holders_of_audit_read_get_in()
    {
        using var anonymous = await GetAsync("/admin/v1/audit", user: null, permitted: false);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var withoutPermission = await GetAsync("/admin/v1/audit/verify", permitted: false);
        Assert.Equal(HttpStatusCode.Forbidden, withoutPermission.StatusCode);
    }

    [Fact]
    public async Task A_national_caller_sees_every_row_and_may_filter_by_region()
    {
        Assert.Equal(new[] { 5L, 4, 3, 2, 1 }, await SeqsAsync("/admin/v1/audit"));
        Assert.Equal(new[] { 5L, 2, 1 }, await SeqsAsync("/admin/v1/audit?region=4401"));
    }

    [Fact]
    public async Task A_regional_caller_sees_only_its_region_whatever_it_asks_for()
    {
        Assert.Equal(new[] { 5L, 2, 1 }, await SeqsAsync("/admin/v1/audit", region: "4401"));
        Assert.Equal(new[] { 5L, 2, 1 }, await SeqsAsync("/admin/v1/audit?region=44", region: "4401"));
        Assert.Equal(new[] { 2L }, await SeqsAsync("/admin/v1/audit?region=440105", region: "4401"));
        Assert.Empty(await SeqsAsync("/admin/v1/audit?region=4402", region: "4401"));

        using var badScope = await GetAsync("/admin/v1/audit", region: "");
        Assert.Equal(HttpStatusCode.Forbidden, badScope.StatusCode);
    }

    [Fact]
    public async Task Pages_follow_next_before()
    {
        using var response = await GetAsync("/admin/v1/audit?limit=2");
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, page.GetProperty("nextBefore").GetInt64());
        Assert.Equal(new[] { 3L, 2 }, await SeqsAsync("/admin/v1/audit?limit=2&before=4"));
        Assert.Equal(new[] { 1L }, await SeqsAsync("/admin/v1/audit?limit=2&before=2"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z", "from must be before to")]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("region=44a", "region")]
    [InlineData("before=-1", "before")]
    [InlineData("actor=", "actor")]
    public async Task Bad_parameters_are_400_problems(string query, string named)
    {
        using var response = await GetAsync("/admin/v1/audit?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_answers_the_head()
    {
        using var response = await GetAsync("/admin/v1/audit/verify", region: "4401");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verification = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verification.GetProperty("ok").GetBoolean());
        Assert.Equal(5, verification.GetProperty("headSeq").GetInt64());
        Assert.Equal(JsonValueKind.Null, verification.GetProperty("fault").ValueKind);
    }

    /// <summary>Stand-in for the lead's authentication: the request's headers name the user, its region and permission.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "test-headers";
        public const string UserHeader = "X-Test-User";
        public const string RegionHeader = "X-Test-Region";
        public const string PermissionHeader = "X-Test-Permission";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var user))
                return Task.FromResult(AuthenticateResult.NoResult());
            var claims = new List<Claim> { new(ClaimTypes.Name, user.ToString()) };
            if (Request.Headers.TryGetValue(RegionHeader, out var region))
                claims.Add(new Claim(TsmClaims.Region, region.ToString()));
            if (Request.Headers.TryGetValue(PermissionHeader, out var permission))
                claims.Add(new Claim(TsmClaims.Permission, permission.ToString()));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
