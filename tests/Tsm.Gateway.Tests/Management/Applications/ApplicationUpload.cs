using System.Net.Http.Headers;
using System.Text.Json;

namespace Tsm.Gateway.Tests.Management.Applications;

/// <summary>Builds the multipart body of an application upload: the structure as JSON and CAP files.</summary>
internal static class ApplicationUpload
{
    public const string EmptyPackage = "0102030405";
    public const string EmptyApplet = "0102030405060708";

    /// <summary>The structure of GlobalPlatformPro's empty applet (shared/data/cap), needing Java Card 2.2.1.</summary>
    public static Dictionary<string, object?> EmptyApplet221(string providerVersion, string domain = ApplicationsGatewayFixture.AcmeDomain) => new()
    {
        ["aid"] = EmptyApplet,
        ["name"] = "Empty applet",
        ["providerVersion"] = providerVersion,
        ["securityDomainAid"] = domain,
        ["loadFiles"] = new[] { new Dictionary<string, object> { ["aid"] = EmptyPackage, ["file"] = "empty.cap", ["modules"] = new[] { EmptyApplet } } },
        ["instances"] = new[] { new Dictionary<string, object> { ["moduleAid"] = EmptyApplet, ["instanceAid"] = EmptyApplet, ["privileges"] = "00" } },
        ["mainModule"] = EmptyApplet,
        ["javaCardVersion"] = "2.2.1",
        ["cms2acVersion"] = "1.0",
        ["batches"] = new[] { "demo" },
        ["dataNonVolatile"] = 512,
        ["volatile"] = 64,
        ["uiName"] = "Empty",
        ["uiUrl"] = "https://apps.example.com/empty",
        ["memoryType"] = "Eeprom",
        ["provinces"] = new[] { "440000" },
        ["issuance"] = "DownloadAndPersonalize",
        ["deletion"] = "InstanceOnly",
    };

    public static MultipartFormDataContent Content(object structure, params (string Name, byte[] Bytes)[] files)
    {
        var content = new MultipartFormDataContent { { new StringContent(JsonSerializer.Serialize(structure)), "application" } };
        foreach (var (name, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, "files", name);
        }
        return content;
    }
}
