using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Security.Accounts;
using Tsm.Gateway.Security.Boss;
using Tsm.Gateway.Security.Platforms;
using Tsm.Gateway.Security.Wallets;
using Tsm.Gateway.Storage;
using Tsm.Grains;

namespace Tsm.Gateway.Security;

/// <summary>
/// Accounts (ASP.NET Core Identity on the platform database), the authentication schemes of each kind of caller, and
/// one authorization policy per permission (docs/security.md).
/// </summary>
public static class SecurityExtensions
{
    public static WebApplicationBuilder AddTsmSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTsmIdentity();
        var services = builder.Services;
        services.AddOptions<WalletAccessOptions>().BindConfiguration(WalletAccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication()
            .AddBearerToken(WalletTokens.Scheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ServicePlatformAuthentication>(ServicePlatformAuthentication.SchemeName, null)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BossAuthentication>(BossAuthentication.SchemeName, null);
        services.AddOptions<BossOptions>().BindConfiguration(BossOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BossOptions>, BossOptionsValidator>();
        services.AddOptions<BearerTokenOptions>(WalletTokens.Scheme).Configure<IServiceProvider>((bearer, sp) =>
        {
            var wallet = sp.GetRequiredService<IOptions<WalletAccessOptions>>().Value;
            bearer.BearerTokenExpiration = wallet.AccessTokenLifetime;
            bearer.RefreshTokenExpiration = wallet.RefreshTokenLifetime;
            // Wallet token expiry follows the domain clock, so tests move it with a fake clock (docs/architecture.md, "Time").
            bearer.TimeProvider = sp.GetRequiredKeyedService<TimeProvider>(DomainClock.Key);
        }).PostConfigure<IServiceProvider>((bearer, sp) =>
            // After the scheme's own protector is set: each access token is unprotected once a minute at most, not on every request.
            bearer.BearerTokenProtector = new CachedTicketFormat(bearer.BearerTokenProtector, sp.GetRequiredKeyedService<TimeProvider>(DomainClock.Key)));
        // No default scheme: each policy names the schemes of its callers, so a wallet's token is never tried as an
        // operator's (one unprotect per request, and no "not authenticated" noise in the log).
        services.PostConfigure<Microsoft.AspNetCore.Authentication.AuthenticationOptions>(o =>
        {
            o.DefaultScheme = null;
            o.DefaultAuthenticateScheme = null;
        });
        services.AddSingleton<WalletTokens>();
        services.AddSingleton<SeramSessions>();
        services.AddSingleton<AccountAudit>();
        services.AddTsmAuthorization();
        return builder;
    }

    /// <summary>
    /// Accounts alone: Identity on the platform database, the shared Data Protection key ring, the operator sign-in
    /// schemes and the start-up that creates the tables and seeds the roles (also what the command line needs).
    /// </summary>
    public static WebApplicationBuilder AddTsmIdentity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // First of the hosted services here: the Identity and key-ring tables exist before Data Protection reads its keys.
        services.AddHostedService<IdentityBootstrap>();

        // The Identity tables live in the profile's database (SQLite file or PostgreSQL), next to the platform's own.
        services.AddDbContext<PlatformIdentityDb>((sp, db) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (storage.IsCluster)
                db.UseNpgsql(sp.GetRequiredService<PostgresSchema>().ConnectionString);
            else
                db.UseSqlite(sp.GetRequiredService<SqliteSchema>().ConnectionString);
        });
        services.AddDataProtection().SetApplicationName("tsm-gateway").PersistKeysToDbContext<PlatformIdentityDb>();

        services.AddIdentityApiEndpoints<TsmAccount>(identity =>
            {
                identity.User.RequireUniqueEmail = false;
                identity.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                identity.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<TsmRole>()
            .AddEntityFrameworkStores<PlatformIdentityDb>()
            .AddClaimsPrincipalFactory<TsmClaimsPrincipalFactory>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((identity, accounts) =>
        {
            identity.Password.RequiredLength = accounts.Value.MinimumPasswordLength;
            identity.Lockout.MaxFailedAccessAttempts = accounts.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = accounts.Value.LockoutDuration;
            identity.Lockout.AllowedForNewUsers = true;
        });
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).Configure<IOptions<AccountOptions>>((bearer, accounts) =>
        {
            bearer.BearerTokenExpiration = accounts.Value.AccessTokenLifetime;
            bearer.RefreshTokenExpiration = accounts.Value.RefreshTokenLifetime;
        });
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "tsm.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            // An API answers 401/403, it does not redirect to a login page.
            cookie.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    private static IServiceCollection AddTsmAuthorization(this IServiceCollection services)
    {
        var authorization = services.AddAuthorizationBuilder();
        foreach (var permission in Permissions.All)
        {
            authorization.AddPolicy(permission, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme, IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(TsmClaims.Permission, permission));
        }
        authorization.AddPolicy(Policies.Account, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.BearerScheme, IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser());
        authorization.AddPolicy(Policies.Wallet, policy => policy
            .AddAuthenticationSchemes(WalletTokens.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(TsmClaims.SeId)
            .RequireClaim(TsmClaims.Msisdn)
            .RequireClaim(TsmClaims.Login));
        authorization.AddPolicy(Policies.SeramSession, policy => policy
            .AddAuthenticationSchemes(WalletTokens.Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new SeramSessionRequirement()));
        authorization.AddPolicy(Policies.ServicePlatform, policy => policy
            .AddAuthenticationSchemes(ServicePlatformAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(TsmClaims.Platform));
        authorization.AddPolicy(Policies.Boss, policy => policy
            .AddAuthenticationSchemes(BossAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(TsmClaims.Boss));
        // No fallback policy: an unknown path stays a 404. Every mapped route names its policy, or AllowAnonymous where
        // designed; RouteAuthorizationTests fails the build's tests on any endpoint that does not.
        return services;
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
