using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Keys;

namespace Tsm.Gateway.Tests.Hardening;

/// <summary>
/// HTTPS outside Development and Testing (docs/security.md, "Transport (HTTPS)"): the gateway refuses to start on plain
/// HTTP, with AllowedHosts "*" or with the shipped storage key, saying which setting to change; configured properly it
/// serves HTTPS with HSTS and redirects HTTP.
/// </summary>
public sealed class TransportSecurityTests
{
    private static string Port() => SiloHost.FreePort().ToString(CultureInfo.InvariantCulture);

    private static string[] Base(TempDatabase database, string environment) =>
    [
        "--environment", environment,
        "--contentRoot", AppContext.BaseDirectory,
        "--Storage:SqlitePath", database.Path,
        "--" + StorageExtensions.SiloPortKey, Port(),
        "--" + StorageExtensions.GatewayPortKey, Port(),
        "--Logging:LogLevel:Default", "Warning",
    ];

    /// <summary>Every message of a start-up refusal (one or several options validations).</summary>
    private static string Messages(Exception exception) => exception switch
    {
        AggregateException aggregate => string.Join(" | ", aggregate.InnerExceptions.Select(Messages)),
        OptionsValidationException options => string.Join(" | ", options.Failures),
        _ => exception.Message + (exception.InnerException is { } inner ? " | " + Messages(inner) : ""),
    };

    private static async Task<string> RefusalAsync(params string[] args)
    {
        await using var app = GatewayApp.Build(args);
        var refused = await Record.ExceptionAsync(() => app.StartAsync());
        Assert.NotNull(refused);
        return Messages(refused);
    }

    [Fact]
    public async Task Production_on_plain_http_with_any_host_and_the_shipped_key_refuses_to_start_naming_each_setting()
    {
        using var database = new TempDatabase();
        var messages = await RefusalAsync([.. Base(database, "Production"), "--urls", $"http://127.0.0.1:{Port()}"]);

        Assert.Contains("AllowedHosts is \"*\"", messages, StringComparison.Ordinal);
        Assert.Contains("No HTTPS endpoint is configured", messages, StringComparison.Ordinal);
        Assert.Contains("Kestrel:Certificates:Default:Path", messages, StringComparison.Ordinal);
        Assert.Contains("Security:AllowInsecureHttp=true", messages, StringComparison.Ordinal);
        Assert.Contains("public development key", messages, StringComparison.Ordinal);
        Assert.Contains("KeyService__StorageKey", messages, StringComparison.Ordinal);
        Assert.DoesNotContain(StorageKeys.Development, messages, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_a_tls_proxy_only_the_storage_key_is_left_to_set()
    {
        using var database = new TempDatabase();
        var messages = await RefusalAsync([.. Base(database, "Staging"), "--urls", $"http://127.0.0.1:{Port()}", "--Security:AllowInsecureHttp", "true"]);

        Assert.DoesNotContain("AllowedHosts", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTPS", messages, StringComparison.Ordinal);
        Assert.Contains("public development key", messages, StringComparison.Ordinal);
    }

    private static SecurityOptionsValidator Validator(string environment, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return new SecurityOptionsValidator(configuration, new HostingEnvironment { EnvironmentName = environment });
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:80;https://0.0.0.0:443")]
    [InlineData("https_ports", "443")]
    [InlineData("Kestrel:Endpoints:Secure:Url", "https://*:8443")]
    public void An_https_url_or_endpoint_with_named_hosts_passes_in_production(string key, string value)
    {
        (string, string)[] settings = key == "urls"
            ? [(key, value), ("AllowedHosts", "tsm.example.com")]
            : [(key, value), ("AllowedHosts", "tsm.example.com"), ("urls", "http://0.0.0.0:80")];
        var result = Validator("Production", settings).Validate(null, new SecurityOptions());
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Kestrel_endpoints_replace_the_urls_so_an_https_url_beside_plain_endpoints_does_not_count()
    {
        var result = Validator("Production", ("urls", "https://0.0.0.0:443"), ("Kestrel:Endpoints:Plain:Url", "http://0.0.0.0:80"), ("AllowedHosts", "tsm.example.com"))
            .Validate(null, new SecurityOptions());
        Assert.True(result.Failed);
        Assert.Contains("No HTTPS endpoint", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void Development_and_testing_may_serve_plain_http_to_any_host(string environment) =>
        Assert.True(Validator(environment, ("urls", "http://127.0.0.1:5080"), ("AllowedHosts", "*")).Validate(null, new SecurityOptions()).Succeeded);

    [Fact]
    public void Allow_insecure_http_waives_both_checks()
    {
        var validator = Validator("Production", ("urls", "http://0.0.0.0:8080"), ("AllowedHosts", "*"));
        Assert.True(validator.Validate(null, new SecurityOptions { AllowInsecureHttp = true }).Succeeded);
        var refused = validator.Validate(null, new SecurityOptions());
        Assert.Equal(2, refused.Failures!.Count());
    }

    private static X509Certificate2 ServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=tsm.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("tsm.test");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx, "pfx"), "pfx");
    }

    /// <summary>A client for https://tsm.test:port that connects to 127.0.0.1 and accepts the test's self-signed certificate.</summary>
    private static HttpClient TsmTestClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });

    [Fact]
    public async Task Production_with_a_certificate_named_hosts_and_a_key_file_serves_https_with_hsts_and_redirects_http()
    {
        using var database = new TempDatabase();
        using var certificate = ServerCertificate();
        var pfx = Path.Combine(database.Folder, "server.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "server-pfx"));
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var keyFile = Path.Combine(database.Folder, "storage.key");
        await File.WriteAllTextAsync(keyFile, key + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var http = Port();
        var https = Port();
        await using var app = GatewayApp.Build(
        [
            .. Base(database, "Production"),
            "--Kestrel:Endpoints:Http:Url", $"http://127.0.0.1:{http}",
            "--Kestrel:Endpoints:Https:Url", $"https://127.0.0.1:{https}",
            "--Kestrel:Certificates:Default:Path", pfx,
            "--Kestrel:Certificates:Default:Password", "server-pfx",
            "--AllowedHosts", "tsm.test",
            "--KeyService:StorageKeyFile", keyFile,
        ]);
        await app.StartAsync();
        Assert.Equal(key, app.Services.GetRequiredService<IOptions<KeyServiceOptions>>().Value.StorageKey);
        using var client = TsmTestClient();

        using (var secure = await client.GetAsync(new Uri($"https://tsm.test:{https}/health")))
        {
            Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
            Assert.True(secure.Headers.TryGetValues("Strict-Transport-Security", out var hsts), "no Strict-Transport-Security header");
            Assert.StartsWith("max-age=", hsts.Single(), StringComparison.Ordinal);
        }
        using (var plain = await client.GetAsync(new Uri($"http://tsm.test:{http}/health")))
        {
            Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
            Assert.Equal(new Uri($"https://tsm.test:{https}/health"), plain.Headers.Location);
            Assert.False(plain.Headers.Contains("Strict-Transport-Security"), "HSTS is only sent over HTTPS");
        }
        using var stranger = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://tsm.test:{https}/health"));
        stranger.Headers.Host = "evil.example";
        using var refused = await client.SendAsync(stranger);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await app.StopAsync();
    }
}
