namespace Tsm.Gateway.Hosting;

/// <summary>
/// Where the gateway listens and where it finds its files when nothing says otherwise (docs/configuration.md, "Ports"
/// and "Content root"). The HTTP address is a default in code, not a value in appsettings.json, so that
/// <c>ASPNETCORE_URLS</c>, <c>--urls</c>, <c>ASPNETCORE_HTTP_PORTS</c> and <c>Kestrel:Endpoints</c> each win over it
/// (a <c>Urls</c> key in appsettings.json would silently win over the environment).
/// </summary>
public static class GatewayHosting
{
    /// <summary>The HTTP address when none is configured: loopback only, port 5080.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// The content root for <paramref name="args"/>: null (the host's default, the current folder) when the arguments
    /// or the environment name one, or when the current folder holds an appsettings.json (<c>dotnet run</c> runs in the
    /// project folder); else the program's own folder when it holds one — the built gateway started from anywhere
    /// reads its own appsettings.json instead of starting without it.
    /// </summary>
    public static string? ContentRoot(IReadOnlyList<string> args, string currentDirectory, string baseDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase)))
            return null;
        if (!string.IsNullOrEmpty(environment("ASPNETCORE_CONTENTROOT")) || !string.IsNullOrEmpty(environment("DOTNET_CONTENTROOT")))
            return null;
        if (File.Exists(Path.Combine(currentDirectory, "appsettings.json")))
            return null;
        return File.Exists(Path.Combine(baseDirectory, "appsettings.json")) ? baseDirectory : null;
    }

    /// <summary>The builder options for <paramref name="args"/>, with <see cref="ContentRoot"/> for this process.</summary>
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = ContentRoot(args, Environment.CurrentDirectory, AppContext.BaseDirectory, Environment.GetEnvironmentVariable),
    };

    /// <summary>Listens on <see cref="DefaultUrl"/> unless an address, a port or a Kestrel endpoint is configured.</summary>
    public static void UseDefaultUrl(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (string.IsNullOrWhiteSpace(configuration["urls"])
            && string.IsNullOrWhiteSpace(configuration["http_ports"])
            && string.IsNullOrWhiteSpace(configuration["https_ports"])
            && !configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }
}
