using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Tests.Access;

/// <summary>
/// Every route names its authorization policy (docs/security.md, "Routes"), and each seeded role reaches exactly the
/// routes its permissions allow: a role × endpoint matrix over real HTTP, allowed and refused.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RouteAuthorizationTests(GatewayFixture gateway)
{
    /// <summary>The routes open to anonymous callers by design: liveness, version, the API description, the steps of signing in.</summary>
    private static readonly string[] AnonymousByDesign =
    [
        "/health", "/version", "/openapi/", "/scalar",
        "/wallet/v1/login", "/wallet/v1/registration-codes", "/wallet/v1/token",
        "/admin/v1/session/login", "/admin/v1/session/refresh",
    ];

    private IReadOnlyList<RouteEndpoint> Endpoints =>
        [.. gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static string? PolicyOf(Endpoint endpoint) =>
        endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);

    private static bool IsAnonymous(Endpoint endpoint) => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    [Fact]
    public void Every_endpoint_names_a_policy_or_is_anonymous_by_design()
    {
        var endpoints = Endpoints;
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");
        var missing = endpoints.Where(e => PolicyOf(e) is null && !IsAnonymous(e)).Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(missing.Count == 0, "endpoints without an explicit policy: " + string.Join(", ", missing));
        var openByMistake = endpoints.Where(IsAnonymous).Select(e => e.RoutePattern.RawText ?? "")
            .Where(route => !AnonymousByDesign.Any(open => route.StartsWith(open, StringComparison.Ordinal))).ToList();
        Assert.True(openByMistake.Count == 0, "anonymous endpoints not designed to be: " + string.Join(", ", openByMistake));
        var unknown = endpoints.Select(PolicyOf).OfType<string>().Distinct()
            .Where(p => !Permissions.All.Contains(p) && p is not (Policies.Account or Policies.Wallet or Policies.SeramSession or Policies.ServicePlatform or Policies.Boss)).ToList();
        Assert.True(unknown.Count == 0, "unknown policies: " + string.Join(", ", unknown));
    }

    [Fact]
    public async Task Anonymous_callers_get_401_on_every_endpoint_with_a_policy()
    {
        var failures = new List<string>();
        foreach (var endpoint in Endpoints.Where(e => PolicyOf(e) is not null))
        {
            foreach (var method in MethodsOf(endpoint))
            {
                using var response = await gateway.Anonymous.SendAsync(RequestFor(endpoint, method));
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                    failures.Add($"{method} {endpoint.RoutePattern.RawText}: {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Each_seeded_role_reaches_exactly_the_endpoints_of_its_permissions()
    {
        var failures = new List<string>();
        var checkedPairs = 0;
        foreach (var (role, granted) in Roles.Defaults)
        {
            using var client = await TestAccounts.ClientAsync(gateway.Services, gateway.BaseAddress, "matrix-" + role, [role],
                provider: role == Roles.ServiceProvider ? "demo" : null);
            foreach (var endpoint in Endpoints.Where(e => PolicyOf(e) is { } p && Permissions.All.Contains(p)))
            {
                var policy = PolicyOf(endpoint)!;
                foreach (var method in MethodsOf(endpoint))
                {
                    using var response = await client.SendAsync(RequestFor(endpoint, method));
                    var status = (int)response.StatusCode;
                    var allowed = granted.Contains(policy);
                    checkedPairs++;
                    if (allowed && status is 401 or 403 || !allowed && status != 403 || status >= 500)
                        failures.Add($"{role} {method} {endpoint.RoutePattern.RawText} ({policy}): {status}, expected {(allowed ? "allowed" : "403")}");
                }
            }
        }
        Assert.True(checkedPairs > 100, $"only {checkedPairs} role × endpoint pairs");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<string> MethodsOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    /// <summary>A request to the route with placeholder route values and an empty JSON object as body: enough to pass or fail authorization.</summary>
    private static HttpRequestMessage RequestFor(RouteEndpoint endpoint, string method)
    {
        var path = string.Concat((endpoint.RoutePattern.RawText ?? "/").Split('/').Select((part, i) =>
            (i == 0 ? "" : "/") + (part.StartsWith('{') ? "X1" : part)));
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path.Replace("{documentName}", "v1", StringComparison.Ordinal), UriKind.Relative));
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }
}
