using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tsm.Gateway.Outbox;
using Tsm.Gateway.Security;
using Tsm.Gateway.Sms.Links;
using Tsm.Grains.Telemetry;

namespace Tsm.Gateway.Observability;

/// <summary>
/// Metrics, traces, health and logs of the gateway (docs/operations.md): registered by <see cref="AddObservability"/>,
/// mapped by <see cref="MapObservability"/>.
/// </summary>
public static class ObservabilityExtensions
{
    /// <summary>The readiness checks' tag; liveness runs none.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The platform's own meters (the instruments are listed in docs/operations.md).</summary>
    public static readonly string[] Meters = [OtaTelemetry.Name, SmsTelemetry.Name, OutboxTelemetry.Name, PlatformGauges.MeterName];

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ObservabilityOptions>, ObservabilityOptionsValidator>();
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();

        builder.AddQuietStructuredLogs();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<ClusterHealthCheck>("cluster", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<KeyServiceHealthCheck>("key-service", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<SmsLinksHealthCheck>("sms-links", HealthStatus.Degraded, [ReadyTag])
            .AddCheck<OutboxHealthCheck>("outboxes", HealthStatus.Degraded, [ReadyTag]);
        services.AddSingleton<OutboxBacklogs>();
        services.AddSingleton<PlatformGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<PlatformGauges>());
        services.AddHostedService<StartupBanner>();

        // Trace context through grain calls: an HTTP request's span is the parent of the grains' (docs/operations.md, "Traces").
        // A grain whose state write failed is not left with the refused change in memory (docs/operations.md, "Outages").
        builder.UseOrleans(silo => silo.AddActivityPropagation().AddIncomingGrainCallFilter<StorageFailureDeactivation>());

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("tsm-gateway", serviceVersion: VersionInfo.Current.Version))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddMeter("Microsoft.Orleans")
                    .AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (options.OtlpEndpoint is not null)
                    metrics.AddOtlpExporter(otlp => Otlp(otlp, options));
            });
        if (options.OtlpEndpoint is not null)
        {
            // Traces only when they go somewhere: recording spans nobody collects costs every request.
            telemetry.WithTracing(tracing => tracing
                .AddSource(OtaTelemetry.Name, SmsTelemetry.Name, "Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(otlp => Otlp(otlp, options)));
            telemetry.WithLogging(logging => logging.AddOtlpExporter(otlp => Otlp(otlp, options)), log => log.IncludeScopes = true);
        }

        // /metrics: the metrics.read permission, from an operator's sign-in or a scraper's token (docs/operations.md, "Scraping").
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, MetricsScrapeAuthentication>(MetricsScrapeAuthentication.SchemeName, null);
        services.Configure<AuthorizationOptions>(authorization => authorization.AddPolicy(Permissions.MetricsRead, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.BearerScheme, IdentityConstants.ApplicationScheme, MetricsScrapeAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(TsmClaims.Permission, Permissions.MetricsRead)));
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Anonymous by design (docs/security.md, "Routes"): load balancers and orchestrators probe them without credentials.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous();
        // The original probe: every check, plain text (Healthy, Degraded, Unhealthy).
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Permissions.MetricsRead);
        return app;
    }

    /// <summary>
    /// Polly logs two Information lines for every grain placement Orleans 10 runs through its pipeline: thousands of lines
    /// under load. Kept at Warning unless <c>Logging:LogLevel:Polly</c> says otherwise. Outside Development and Testing the
    /// console writes JSON, one object a line, with scopes (trace and span ids) unless
    /// <c>Logging:Console:FormatterName</c> chooses another formatter (docs/operations.md, "Logs").
    /// </summary>
    private static void AddQuietStructuredLogs(this WebApplicationBuilder builder)
    {
        if (builder.Configuration["Logging:LogLevel:Polly"] is null)
            builder.Logging.AddFilter("Polly", LogLevel.Warning);
        var plainText = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        if (!plainText && builder.Configuration["Logging:Console:FormatterName"] is null)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
    }

    private static void Otlp(OtlpExporterOptions otlp, ObservabilityOptions options)
    {
        otlp.Endpoint = options.OtlpEndpoint!;
        otlp.Protocol = options.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
    }
}
