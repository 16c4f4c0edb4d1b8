using System.Reflection;

namespace Tsm.Gateway;

/// <summary>Service registration and endpoint mapping, kept out of Program.cs.</summary>
public static class GatewayExtensions
{
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health");
        app.MapGet("/version", () => TypedResults.Ok(VersionInfo.Current));
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
