using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Tsm.Gateway.Tests.Http;

/// <summary>A gateway of its own for the fuzzer, so that the SEs and tasks its requests create meet no other test.</summary>
public sealed class FuzzGatewayFixture : ConfiguredGatewayFixture;

/// <summary>
/// Every operation of the OpenAPI document, fuzzed (docs/security.md, "Input handling"): no answer is 5xx, every 4xx is
/// problem details without .NET type names. The seed is fixed and printed; <c>TSM_FUZZ_SEED</c> picks another, <c>TSM_FUZZ_CASES</c> sends more per operation, and
/// <c>TSM_FUZZ_BEARER</c> / <c>TSM_FUZZ_API_KEY</c> send credentials so that the requests reach behind the
/// authorization policies.
/// </summary>
public sealed class OpenApiFuzzTests(FuzzGatewayFixture gateway, ITestOutputHelper output) : IClassFixture<FuzzGatewayFixture>
{
    private const int DefaultSeed = 7_050_607;
    private const int DefaultCases = 30;

    /// <param name="caller">
    /// "operator": signed in as the test operator (every permission), so admin requests reach the handlers; the wallet
    /// access tokens that logins answer are used on wallet routes. "anonymous": no credentials (unless TSM_FUZZ_* give some).
    /// </param>
    [Theory]
    [InlineData("operator")]
    [InlineData("anonymous")]
    public async Task Every_operation_answers_generated_and_malformed_requests_below_500_with_problem_details(string caller)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TSM_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var chosen) ? chosen : DefaultSeed;
        var cases = int.TryParse(Environment.GetEnvironmentVariable("TSM_FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var more) ? more : DefaultCases;
        var bearer = Environment.GetEnvironmentVariable("TSM_FUZZ_BEARER");
        if (caller == "operator" && bearer is null)
        {
            using var signIn = new HttpClient { BaseAddress = gateway.BaseAddress };
            bearer = await TestAccounts.SignInAsync(signIn, "qa-operator");
        }
        // The test gateway trusts 127.0.0.1 as the operator's network gateway (RunningGateway), so logins with it succeed.
        var credentials = new FuzzCredentials(bearer, Environment.GetEnvironmentVariable("TSM_FUZZ_API_KEY"), "X-Network-Msisdn");
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        var fuzzer = new OpenApiFuzzer(client, seed, cases, credentials);
        var clock = Stopwatch.StartNew();

        var failures = await fuzzer.RunAsync(CancellationToken.None);

        output.WriteLine($"{caller}, seed {seed}: {fuzzer.Sent} requests in {clock.Elapsed.TotalSeconds:F1} s, {failures.Count} failures");
        foreach (var (operation, statuses) in fuzzer.Statuses)
            output.WriteLine($"  {operation}: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(failures.Count == 0,
            $"seed {seed}: {failures.Count} of {fuzzer.Sent} requests answered wrongly:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(200))}");
        Assert.True(fuzzer.Sent >= 20 * cases, $"only {fuzzer.Sent} requests: the OpenAPI document lists fewer operations than expected");
    }
}
