namespace Tsm.Gateway.Hardening;

/// <summary>What the configuration says about the gateway's listening endpoints and host names (docs/security.md, "Transport (HTTPS)").</summary>
public static class TransportEndpoints
{
    /// <summary>
    /// Whether an HTTPS endpoint is configured: a <c>Kestrel:Endpoints:{name}:Url</c> with https:// (these replace the
    /// URLs when present, as Kestrel does), else an https:// entry of <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
    /// "Urls") or <c>https_ports</c>.
    /// </summary>
    public static bool HasHttps(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().ToList();
        if (endpoints.Count > 0)
            return endpoints.Any(e => IsHttps(e["Url"]));
        return (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(IsHttps)
            || !string.IsNullOrWhiteSpace(configuration["https_ports"]);
    }

    /// <summary>Whether <c>AllowedHosts</c> lets any host name through ("*", or unset).</summary>
    public static bool AllowsAnyHost(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var hosts = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return hosts.Length == 0 || hosts.Contains("*", StringComparer.Ordinal);
    }

    private static bool IsHttps(string? url) => url is not null && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
