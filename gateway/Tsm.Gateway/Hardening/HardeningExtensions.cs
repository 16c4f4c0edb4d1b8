using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Tsm.Grains.Keys;
using Tsm.Protocol;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// Rate limits, transport security and secrets at rest (docs/security.md): options validated at start, so a
/// misconfigured production gateway refuses to start with a message naming the setting.
/// </summary>
public static class HardeningExtensions
{
    /// <summary>The longest detail a problem answer carries.</summary>
    public const int MaxProblemDetail = 2000;

    public static WebApplicationBuilder AddHttpHardening(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.PostConfigure<KeyServiceOptions>(StorageKeys.ReadKeyFile);
        services.AddSingleton<IValidateOptions<KeyServiceOptions>, StorageKeyValidator>();
        // The data-protection key ring (tokens, cookies, SERAM sessions) is stored encrypted under the storage key.
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, sp) => o.XmlEncryptor = new StorageKeyXmlEncryptor(sp));

        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<RateLimitClients>();
        services.AddSingleton<TargetRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>, RateLimitClients>((limiter, options, clients) =>
            {
                var limits = options.Value;
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.OnRejected = TooManyRequests.OnRejectedAsync;
                limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
                    new ClientRateLimitPolicy(limits.Default, clients).GetPartition);
                foreach (var policy in RateLimitPolicies.All)
                    limiter.AddPolicy(policy, new ClientRateLimitPolicy(limits.RuleOf(policy), clients));
            });

        // The last line of defence for "never more than a bounded piece of client input" (docs/security.md, "Input
        // handling"): whatever a handler put in a problem's detail, at most MaxProblemDetail characters leave.
        services.Configure<ProblemDetailsOptions>(o =>
        {
            var customize = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                if (context.ProblemDetails.Detail is { Length: > MaxProblemDetail } detail)
                    context.ProblemDetails.Detail = ClientText.Bounded(detail, MaxProblemDetail);
            };
        });

        // Binding failures (a malformed body or query value) throw BadHttpRequestException in every environment, so that
        // BadRequestHandler answers them with problem details saying what was wrong, in neutral words.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>
    /// HSTS and the redirection to HTTPS outside Development and Testing (docs/security.md, "Transport (HTTPS)"). Call
    /// after the exception handler and before authentication, so that a plain-HTTP request is redirected, not refused.
    /// </summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!DevelopmentEnvironments.Includes(app.Environment))
        {
            app.UseHsts();
            if (TransportEndpoints.HasHttps(app.Configuration))
                app.UseHttpsRedirection();
        }
        return app;
    }

    /// <summary>
    /// The rate limiter (docs/security.md, "Rate limits"). Call after authentication, so that a signed-in client is
    /// limited by its name, and before authorization, so that refused attempts (a guessed API key) count too.
    /// </summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRateLimiter();
        return app;
    }
}
