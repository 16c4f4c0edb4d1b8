using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tsm.Gateway.Tests.Storage;
using Tsm.Protocol.Seram;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>The SERAM handshake chooses the transport the request actually came over: HTTPS on TLS, HTTP without.</summary>
public sealed class SeramTransportTests
{
    private static X509Certificate2 ServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx, "test"), "test");
    }

    private static async Task<(HttpStatusCode Status, string Body)> HandshakeAsync(HttpClient client, string sessionId, HandshakeRequest offer)
    {
        using var response = await client.PostAsync(new Uri(SeramConstants.PathFor(SeramConstants.HandshakePath, sessionId), UriKind.Relative),
            new StringContent(SeramSerializer.Serialize(offer), Encoding.UTF8, SeramConstants.ContentType));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Https_is_chosen_on_tls_and_http_on_plain_http_from_one_offer_of_either()
    {
        using var database = new TempDatabase();
        using var certificate = ServerCertificate();
        var pfx = Path.Combine(database.Folder, "server.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "server-pfx"));
        var httpPort = SiloHost.FreePort().ToString(CultureInfo.InvariantCulture);
        var httpsPort = SiloHost.FreePort().ToString(CultureInfo.InvariantCulture);
        await using var gateway = new RunningGateway(database.Path,
        [
            "--Kestrel:Endpoints:Http:Url", $"http://127.0.0.1:{httpPort}",
            "--Kestrel:Endpoints:Https:Url", $"https://127.0.0.1:{httpsPort}",
            "--Kestrel:Endpoints:Https:Certificate:Path", pfx,
            "--Kestrel:Endpoints:Https:Certificate:Password", "server-pfx",
        ]);
        await gateway.StartAsync();
        var plain = new Uri($"http://127.0.0.1:{httpPort}");
        using var https = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        {
            BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}"),
        };
        using var http = new HttpClient { BaseAddress = plain };
        using var phone = new Phone(plain, "8600000000000000C101", "13700000101");
        await phone.LoginAsync();
        https.DefaultRequestHeaders.Authorization = http.DefaultRequestHeaders.Authorization = phone.Http.DefaultRequestHeaders.Authorization;
        var accepted = await phone.SubmitAsync(WalletOperation.Sync, null);
        var agent = new SeramLocalAgent(phone.Card, phone.SeId, https, accepted.SessionId, Phone.FastAgent);
        Assert.Equal(["HTTPS"], agent.HandshakeRequest.SupportedTransportProtocols); // the agent offers what its client uses
        var either = agent.HandshakeRequest with { SupportedTransportProtocols = ["HTTP", "HTTPS"] };

        var overTls = await HandshakeAsync(https, accepted.SessionId, either);
        Assert.True(overTls.Status == HttpStatusCode.OK, overTls.Body);
        Assert.Equal("HTTPS", SeramSerializer.ParseHandshakeResponse(overTls.Body).ChosenTransportProtocol);
        var overPlain = await HandshakeAsync(http, accepted.SessionId, either);
        Assert.True(overPlain.Status == HttpStatusCode.OK, overPlain.Body);
        Assert.Equal("HTTP", SeramSerializer.ParseHandshakeResponse(overPlain.Body).ChosenTransportProtocol);
        // An absent list means HTTPS: fine on TLS.
        var byDefault = await HandshakeAsync(https, accepted.SessionId, either with { SupportedTransportProtocols = null });
        Assert.Equal("HTTPS", SeramSerializer.ParseHandshakeResponse(byDefault.Body).ChosenTransportProtocol);
        // An offer of HTTP only, made over TLS, cannot be honoured.
        var httpOnly = await HandshakeAsync(https, accepted.SessionId, either with { SupportedTransportProtocols = ["HTTP"] });
        Assert.Equal(HttpStatusCode.NotAcceptable, httpOnly.Status);
        Assert.Contains("This connection is HTTPS", httpOnly.Body, StringComparison.Ordinal);

        // The whole session over TLS.
        var session = await agent.RunAsync();
        Assert.True(session.IsCompleted, session.Detail);
        Assert.Equal("HTTPS", session.Handshake!.ChosenTransportProtocol);
        Assert.Equal(WalletTaskState.Succeeded, (await phone.TaskAsync(accepted.TaskId)).State);
    }
}
