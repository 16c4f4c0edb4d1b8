using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// Refuses to start outside Development and Testing on plain HTTP or with <c>AllowedHosts</c> "*", naming the setting to
/// change, unless <see cref="SecurityOptions.AllowInsecureHttp"/> (docs/security.md, "Transport (HTTPS)").
/// </summary>
public sealed class SecurityOptionsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<SecurityOptions>
{
    private const string Docs = "docs/security.md, \"Transport (HTTPS)\"";

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        if (DevelopmentEnvironments.Includes(environment) || options.AllowInsecureHttp)
            return ValidateOptionsResult.Success;
        var problems = new List<string>();
        if (TransportEndpoints.AllowsAnyHost(configuration))
        {
            problems.Add($"AllowedHosts is \"*\" in environment {environment.EnvironmentName}: set AllowedHosts to the host names clients use "
                + $"(e.g. \"tsm.example.com;*.tsm.example.com\"), or Security:AllowInsecureHttp=true when a reverse proxy in front checks them ({Docs}).");
        }
        if (!TransportEndpoints.HasHttps(configuration))
        {
            problems.Add($"No HTTPS endpoint is configured in environment {environment.EnvironmentName}: give an https:// URL (Urls, --urls, "
                + "ASPNETCORE_URLS or Kestrel:Endpoints:{name}:Url) and a certificate (Kestrel:Certificates:Default:Path and :Password), "
                + $"or set Security:AllowInsecureHttp=true when TLS ends at a reverse proxy in front ({Docs}).");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
