using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tsm.Gateway.ServiceProviders;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Sp;

/// <summary>
/// A platform, and the BOSS (docs/security.md, "BOSS"), authenticating with a client certificate on an HTTPS endpoint,
/// pinned by its SHA-256 thumbprint; neither certificate opens the other's routes.
/// </summary>
public sealed class SpClientCertificateTests
{
    private static X509Certificate2 SelfSigned(string subject, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so that the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx, "test"), "test");
    }

    private static HttpClient ClientWith(Uri baseAddress, X509Certificate2? certificate)
    {
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            // The test server's certificate is self-signed.
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        };
        if (certificate is not null)
            handler.ClientCertificates.Add(certificate);
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    [Fact]
    public async Task A_pinned_client_certificate_authenticates_and_any_other_is_401()
    {
        using var database = new TempDatabase();
        using var server = SelfSigned("CN=127.0.0.1", server: true);
        using var pinned = SelfSigned("CN=bank platform", server: false);
        using var stranger = SelfSigned("CN=someone else", server: false);
        using var boss = SelfSigned("CN=boss", server: false);
        var pfx = Path.Combine(database.Folder, "server.pfx");
        await File.WriteAllBytesAsync(pfx, server.Export(X509ContentType.Pfx, "server-pfx"));
        var http = SiloHost.FreePort().ToString(CultureInfo.InvariantCulture);
        var https = SiloHost.FreePort().ToString(CultureInfo.InvariantCulture);
        await using var gateway = new RunningGateway(database.Path,
        [
            .. SpSetup.Arguments(new Uri("http://127.0.0.1:9"), TimeSpan.Zero),
            "--Kestrel:Endpoints:Http:Url", $"http://127.0.0.1:{http}",
            "--Kestrel:Endpoints:Https:Url", $"https://127.0.0.1:{https}",
            "--Kestrel:Endpoints:Https:Certificate:Path", pfx,
            "--Kestrel:Endpoints:Https:Certificate:Password", "server-pfx",
            "--Kestrel:Endpoints:Https:ClientCertificateMode", "AllowCertificate",
            "--ServiceProviders:Platforms:certbank:CertificateThumbprints:0", pinned.GetCertHashString(HashAlgorithmName.SHA256),
            "--ServiceProviders:Platforms:certbank:Providers:demo:0", SpCapabilities.Download,
            "--Boss:Systems:certboss:CertificateSha256:0", boss.GetCertHashString(HashAlgorithmName.SHA256),
        ]);
        await gateway.StartAsync();
        var endpoint = new Uri($"https://127.0.0.1:{https}");
        // An SE no user registered: past authentication and authorization the engine answers 409.
        var seId = SpSetup.NewSeId();
        object body = new { operation = "download", applicationAid = SpSetup.DemoApp };

        using (var client = ClientWith(endpoint, pinned))
        using (var response = await client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(seId), null, body)))
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        using (var client = ClientWith(endpoint, pinned))
        using (var response = await client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(seId), null, new { operation = "lock", applicationAid = SpSetup.DemoApp })))
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden); // only download is granted
        using (var client = ClientWith(endpoint, stranger))
        using (var response = await client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(seId), null, body)))
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        using (var client = ClientWith(endpoint, null))
        using (var response = await client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(seId), null, body)))
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);

        // The BOSS's certificate opens /boss and nothing else; the platform's does not open /boss.
        var departure = new StringContent("""{"msisdn":"13100000999"}""", System.Text.Encoding.UTF8, "application/json");
        using (var client = ClientWith(endpoint, boss))
        using (var response = await client.PostAsync(new Uri("/boss/v1/number-departures", UriKind.Relative), departure))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var client = ClientWith(endpoint, boss))
        using (var response = await client.SendAsync(SpSetup.Request(HttpMethod.Post, SpPaths.Operations(seId), null, body)))
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        using (var client = ClientWith(endpoint, pinned))
        using (var response = await client.PostAsync(new Uri("/boss/v1/number-departures", UriKind.Relative), departure))
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
