using Tsm.Gateway.ServiceProviders;

namespace Tsm.Gateway.Tests.Sp;

/// <summary>The platforms' configuration is checked at start: a mistake refuses to start rather than granting or exposing anything.</summary>
public sealed class SpOptionsTests
{
    private static SpOptions With(SpPlatformOptions platform) => new() { Platforms = { ["p"] = platform } };

    private static SpPlatformOptions Good() => new()
    {
        ApiKeySha256 = [SpSetup.Sha256Hex("k")],
        Providers = { ["demo"] = [SpCapabilities.Download] },
        CallbackUrl = "https://platform.example/hook",
        CallbackSecret = "0123456789abcdef",
    };

    [Fact]
    public void A_sound_platform_passes() => Assert.True(new SpOptionsValidator().Validate(null, With(Good())).Succeeded);

    [Theory]
    [InlineData("plain key")]
    [InlineData("unknown capability")]
    [InlineData("no credential")]
    [InlineData("no provider")]
    [InlineData("callback without secret")]
    [InlineData("relative callback")]
    [InlineData("short thumbprint")]
    public void A_mistake_fails_validation(string mistake)
    {
        var platform = Good();
        switch (mistake)
        {
            case "plain key": platform.ApiKeySha256 = ["my-secret-api-key"]; break;
            case "unknown capability": platform.Providers["demo"] = ["downlaod"]; break;
            case "no credential": platform.ApiKeySha256 = []; break;
            case "no provider": platform.Providers.Clear(); break;
            case "callback without secret": platform.CallbackSecret = null; break;
            case "relative callback": platform.CallbackUrl = "/hook"; break;
            case "short thumbprint": platform.CertificateThumbprints = ["ABCD"]; break;
        }
        var result = new SpOptionsValidator().Validate(null, With(platform));
        Assert.True(result.Failed, mistake);
        Assert.DoesNotContain("my-secret-api-key", result.FailureMessage, StringComparison.Ordinal);
    }
}
