using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tsm.Testing;

namespace Tsm.Specs.Drivers;

/// <summary>
/// The operator's and a provider's staff's side of security-domain definitions (docs/management/security-domains.md):
/// accounts signed in over HTTP, the last answer kept for a later Then step.
/// </summary>
public sealed class SecurityDomainDefinitions(OtaGateway gateway) : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public string? Aid { get; private set; }

    public HttpStatusCode LastStatus { get; private set; }

    public JsonElement LastBody { get; private set; }

    public async Task SignInAsync(string name, string role, string? provider = null) =>
        _clients[name] = await OperatorAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, name, [role], provider: provider);

    public async Task ApplyAsync(string account, object attributes)
    {
        await SendAsync(account, HttpMethod.Post, "/admin/v1/security-domains", attributes);
        Aid = LastStatus == HttpStatusCode.Created ? LastBody.GetProperty("aid").GetString() : null;
    }

    public Task DecideAsync(string account, string decision) => SendAsync(account, HttpMethod.Post, $"/admin/v1/security-domains/{Aid}/{decision}", null);

    public Task EditAsync(string account, object change) => SendAsync(account, HttpMethod.Patch, $"/admin/v1/security-domains/{Aid}", change);

    public Task DeleteAsync(string account) => SendAsync(account, HttpMethod.Delete, $"/admin/v1/security-domains/{Aid}", null);

    /// <summary>Reads the definition as the first account signed in.</summary>
    public Task GetAsync() => SendAsync(_clients.Keys.First(), HttpMethod.Get, $"/admin/v1/security-domains/{Aid}", null);

    /// <summary>The AIDs a provider's staff account sees.</summary>
    public async Task<IReadOnlyList<string>> VisibleToAsync(string account)
    {
        await SendAsync(account, HttpMethod.Get, "/sp/v1/security-domains", null);
        return [.. LastBody.EnumerateArray().Select(d => d.GetProperty("aid").GetString()!)];
    }

    private async Task SendAsync(string account, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
            request.Content = JsonContent.Create(body);
        using var response = await _clients[account].SendAsync(request);
        LastStatus = response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        LastBody = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
    }
}
