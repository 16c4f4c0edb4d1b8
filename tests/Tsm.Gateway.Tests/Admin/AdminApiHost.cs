using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Api;
using Tsm.Gateway.Parameters;
using Tsm.Gateway.Regions;
using Tsm.Gateway.Security;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Admin;

/// <summary>
/// The region and parameter APIs on Kestrel without a silo, behind a stand-in for the lead's authentication: the
/// caller names itself in <c>X-Test-User</c> and its permissions in <c>X-Test-Permissions</c>; one policy per
/// permission, as docs/security.md describes them.
/// </summary>
public sealed class AdminApiHost : IAsyncDisposable
{
    private readonly TempDatabase _database = new();
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateBuilder([
            "--urls", "http://127.0.0.1:0",
            "--environment", "Testing",
            "--Storage:SqlitePath", _database.Path,
            "--Logging:LogLevel:Default", "Warning",
        ]);
        builder.Configuration.AddSystemParameters(builder.Environment.ContentRootPath);
        builder.Services.AddProblemDetails();
        builder.AddRegions();
        builder.AddSystemParameters();
        builder.Services.AddOptions<WalletOptions>().BindConfiguration(WalletOptions.Section);
        builder.Services.AddAuthentication(TestAuthentication.Name).AddScheme<AuthenticationSchemeOptions, TestAuthentication>(TestAuthentication.Name, null);
        builder.Services.AddAuthorization(o =>
        {
            foreach (var permission in Permissions.All)
                o.AddPolicy(permission, p => p.RequireClaim(TsmClaims.Permission, permission));
            o.AddPolicy(Policies.Account, p => p.RequireAuthenticatedUser());
        });
        _app = builder.Build();
        _app.UseStatusCodePages();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapRegionsApi();
        _app.MapParametersApi();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    /// <summary>A request as <paramref name="user"/> holding <paramref name="permissions"/> (no user: anonymous).</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, string? user, object? body = null, params string[] permissions)
    {
        var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add(TestAuthentication.UserHeader, user);
            request.Headers.Add(TestAuthentication.PermissionsHeader, string.Join(',', permissions));
        }

        if (body is not null)
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _database.Dispose();
    }

    /// <summary>Authenticates whoever names itself, with the permissions it names.</summary>
    private sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "test";
        public const string UserHeader = "X-Test-User";
        public const string PermissionsHeader = "X-Test-Permissions";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var user))
                return Task.FromResult(AuthenticateResult.NoResult());
            var claims = new List<Claim> { new(ClaimTypes.Name, user.ToString()) };
            claims.AddRange(Request.Headers[PermissionsHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => new Claim(TsmClaims.Permission, p)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Name));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Name)));
        }
    }
}
