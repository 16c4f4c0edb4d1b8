using System.Reflection;
using Scalar.AspNetCore;
using Tsm.Gateway.Api;
using Tsm.Gateway.Api.Delegated;
using Tsm.Gateway.Audit;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Idempotency;
using Tsm.Gateway.Management.Catalogue;
using Tsm.Gateway.Management.Statistics;
using Tsm.Gateway.Management.Providers;
using Tsm.Gateway.Management.Batches;
using Tsm.Gateway.Management.SecurityDomains;
using Tsm.Gateway.Management.Applications;
using Tsm.Gateway.Observability;
using Tsm.Gateway.Security;
using Tsm.Gateway.Security.Accounts;
using Tsm.Gateway.Ota;
using Tsm.Gateway.Parameters;
using Tsm.Gateway.Regions;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Sms;
using Tsm.Gateway.Storage.Backups;
using Tsm.Gateway.Sms.Codes;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway;

/// <summary>Builds the gateway application; Program.cs and the integration tests both start it from here.</summary>
public static class GatewayApp
{
    /// <summary>
    /// The gateway as configured by <paramref name="args"/>; <paramref name="configure"/> runs after its services are
    /// registered (tests replace the domain's clock there: docs/architecture.md, "Time").
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is the program's folder when started from elsewhere; ASPNETCORE_URLS and --urls win over the default URL.
        var builder = WebApplication.CreateBuilder(Hosting.GatewayHosting.Options(args));
        Hosting.GatewayHosting.UseDefaultUrl(builder);
        // Last source: stored system parameters win over files, environment and command line (docs/parameters.md).
        builder.Configuration.AddSystemParameters(builder.Environment.ContentRootPath);
        builder.AddGatewayServices();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGatewayEndpoints();
        return app;
    }
}

/// <summary>Service registration and endpoint mapping, kept out of Program.cs.</summary>
public static class GatewayExtensions
{
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<Api.TransientFailureHandler>();
        builder.Services.AddExceptionHandler<Api.BadRequestHandler>();
        builder.Services.AddOptions<RequestBodyOptions>().BindConfiguration(RequestBodyOptions.Section)
            .Validate(o => o.MaxBytes > 0, "RequestBody:MaxBytes must be positive.").ValidateOnStart();
        builder.AddHttpHardening();
        builder.AddIdempotency();
        builder.AddBackups();
        builder.Services.AddOpenApi();
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddSchemaTransformer<LocalAgentStatusSchema>());
        builder.Services.AddOptions<SeramOptions>().BindConfiguration(SeramOptions.Section);
        builder.AddTsmSilo();
        builder.AddOtaEngine();
        // SMS links start only when accounts are configured (docs/sms.md); the push outbox sends through them.
        if (SmsLinksExtensions.HasSmsAccounts(builder.Configuration))
            builder.AddSmsLinks();
        builder.AddSmsPush();
        builder.AddRegistrationCodeSms();
        builder.AddServiceProviderApi();
        builder.AddTsmSecurity();
        builder.AddAuditLog();
        builder.AddRegions();
        builder.AddSystemParameters();
        builder.AddStatistics();
        builder.AddProviders();
        builder.AddSecurityDomainDefinitions();
        builder.AddSeBatches();
        builder.AddApplications();
        builder.AddDatabaseCatalogue();
        builder.AddDelegatedManagement();
        // Last: its metrics.read policy (operators or a scraper's token) replaces the plain permission policy.
        builder.AddObservability();
        return builder;
    }

    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseTransportSecurity();
        app.UseMiddleware<AuditTrail>();
        app.UseCatalogueWrites();
        app.UseAuthentication();
        // After authentication (a signed-in client is limited by its name), before authorization (refused guesses count too).
        app.UseRateLimits();
        app.UseAuthorization();
        // After authorization: an Idempotency-Key is the caller's own (docs/idempotency.md).
        app.UseIdempotency();
        // Anonymous by design (docs/security.md, "Routes"): health, version and the API's own description; /metrics is metrics.read.
        app.MapObservability();
        app.MapGet("/version", () => TypedResults.Ok(VersionInfo.Current)).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        app.MapSessionApi();
        app.MapAccountsAdminApi();
        app.MapBusinessHallApi();
        app.MapWalletApi();
        app.MapSeramApi();
        app.MapOperationsApi();
        app.MapPushApi();
        app.MapServiceProviderApi();
        app.MapBossApi();
        app.MapPlatformApi();
        app.MapKeyImportApi();
        app.MapAuditApi();
        app.MapRegionsApi();
        app.MapParametersApi();
        app.MapStatistics();
        app.MapProvidersEndpoints();
        app.MapSecurityDomainsApi();
        app.MapSeBatchesApi();
        app.MapApplicationsApi();
        app.MapDelegatedManagementApi();
        return app;
    }
}

/// <summary>What /version reports.</summary>
public sealed record VersionInfo(string Product, string Version, string Runtime)
{
    public static VersionInfo Current { get; } = new(
        "TSM gateway",
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0",
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
}
