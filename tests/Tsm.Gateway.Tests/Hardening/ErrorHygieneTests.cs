using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tsm.Gateway.Api;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Tests.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Seram;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Tests.Hardening;

/// <summary>
/// Error answers and log lines (docs/security.md, "Input handling"): problem details quote at most a bounded piece of
/// the request and never a .NET type name; request values in logs cannot forge lines.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ErrorHygieneTests(GatewayFixture gateway)
{
    private static readonly string[] Internals = ["System.", "Tsm.", "Exception", "   at "];

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var name in Internals)
            Assert.DoesNotContain(name, text, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(text);
        return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        gateway.Client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_wrong_type_in_a_wallet_body_is_named_by_its_json_path_not_its_dotnet_type()
    {
        using var response = await PostJsonAsync("/wallet/v1/login", """{ "msisdn": "13900000001", "seId": 5, "imsi": "460001234567890" }""");

        var detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("$.seId", detail, StringComparison.Ordinal);
        Assert.Contains("wrong type", detail, StringComparison.Ordinal);
        Assert.Contains("line 1", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_field_is_named()
    {
        using var response = await PostJsonAsync("/wallet/v1/login", """{ "msisdn": "13900000001" }""");

        var detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("required field(s) missing", detail, StringComparison.Ordinal);
        Assert.Contains("seId", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_value_is_quoted_at_most_100_characters()
    {
        var huge = new string('Z', 50_000);
        using var response = await gateway.Client.PostAsJsonAsync(new Uri("/wallet/v1/login", UriKind.Relative), new { msisdn = huge, seId = "86" + huge, imsi = "460001234567890" });

        var detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(new string('Z', 90) + "…", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('Z', ClientText.MaxLength + 1), detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_framework_bound_body_that_is_not_json_gets_a_neutral_400()
    {
        using var response = await PostJsonAsync("/admin/v1/pushes", """{ "seId": [1, 2""");

        var detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("PushOrder", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_named_and_bounded()
    {
        using var response = await gateway.Client.GetAsync(new Uri($"/admin/v1/operations?limit={new string('x', 5000)}", UriKind.Relative));

        var detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("limit: '", detail, StringComparison.Ordinal);
        Assert.True(detail.Length < 200, detail);
    }

    [Theory]
    [InlineData("/admin/v1/pushes")] // refused by routing: the route accepts JSON only
    [InlineData("/wallet/v1/login")] // read by the handler
    public async Task A_body_that_is_not_json_content_is_a_4xx_with_problem_details(string path)
    {
        using var response = await gateway.Client.PostAsync(new Uri(path, UriKind.Relative), new StringContent("seId=1", Encoding.UTF8, "text/plain"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.UnsupportedMediaType or HttpStatusCode.BadRequest, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_seram_offer_is_quoted_bounded_in_a_refusal()
    {
        using var phone = new Phone(gateway.BaseAddress, "8600000000000000E701", "13700000701");
        await phone.LoginAsync();
        var accepted = await phone.SubmitAsync(WalletOperation.Sync, null);
        var huge = new string('V', 10_000);
        using var response = await phone.Http.PostAsync(new Uri(SeramConstants.PathFor(SeramConstants.HandshakePath, accepted.SessionId), UriKind.Relative),
            new StringContent($$"""{ "secureElements": [ { "seType": "eSE", "seId": "8600000000000000E701" } ], "supportedVersions": [ "{{huge}}" ] }""", Encoding.UTF8, "application/json"));

        var detail = await ProblemDetailAsync(response, HttpStatusCode.NotAcceptable);
        Assert.Contains("VVVV", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('V', ClientText.MaxLength + 1), detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_values_cannot_start_a_line_hide_text_or_grow_without_bound()
    {
        Assert.Equal("/wallet/v1\\u000D\\u000AERROR forged", LogValue.Safe("/wallet/v1\r\nERROR forged"));
        Assert.Equal("a\\u202Eb\\u2028c\\u0000d", LogValue.Safe("a\u202Eb\u2028c\u0000d"));
        Assert.Equal("8600000000000000C201", LogValue.Safe("8600000000000000C201"));
        Assert.Equal("(null)", LogValue.Safe(null));
        Assert.Equal(LogValue.MaxLength + 1, LogValue.Safe(new string('x', 10_000)).Length);
        Assert.EndsWith("…", LogValue.Safe(new string('x', 10_000)), StringComparison.Ordinal);
    }

    [Fact]
    public void Client_text_is_cut_at_100_characters_without_splitting_a_surrogate_pair()
    {
        Assert.Equal("abc", ClientText.Bounded("abc"));
        Assert.Equal("", ClientText.Bounded(null));
        Assert.Equal(new string('a', 100) + "…", ClientText.Bounded(new string('a', 150)));
        var emoji = new string('a', 99) + "😀😀";
        Assert.Equal(new string('a', 99) + "…", ClientText.Bounded(emoji));
    }

    [Theory]
    [InlineData("""{ "a": "x" }""", "wrong type")]
    [InlineData("""{ "a": 1, """, "$")]
    [InlineData("@", "invalid start of a value")]
    public void Json_errors_say_what_and_where_without_type_names(string json, string expected)
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, int>>(json));

        var described = JsonErrors.Describe(error);

        Assert.Contains(expected, described, StringComparison.Ordinal);
        Assert.Contains("(line 1, byte", described, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", described, StringComparison.Ordinal);
    }

    private sealed class Capture : ILoggerProvider, ILogger
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task A_refused_request_is_logged_with_its_path_encoded()
    {
        var capture = new Capture();
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().AddOptions().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        context.Request.Path = "/wallet/v1/login\nINFO forged line";
        var handler = new BadRequestHandler(new Logger<BadRequestHandler>(new LoggerFactory([capture])));

        await handler.TryHandleAsync(context, new BadHttpRequestException("Failed to bind parameter \"int? limit\" from \"1\r\n2\".", 400), CancellationToken.None);

        var line = Assert.Single(capture.Lines);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Contains("\\u000A", line, StringComparison.Ordinal);
    }
}
