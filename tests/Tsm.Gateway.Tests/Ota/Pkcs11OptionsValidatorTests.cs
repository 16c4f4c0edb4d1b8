using Tsm.Gateway.Ota;
using Tsm.Grains.Keys;
using Tsm.Grains.Keys.Pkcs11;

namespace Tsm.Gateway.Tests.Ota;

/// <summary>The gateway refuses to start on an incomplete PKCS#11 configuration, and says why without the PIN.</summary>
public sealed class Pkcs11OptionsValidatorTests
{
    private readonly Pkcs11OptionsValidator _validator = new();

    [Fact]
    public void The_software_provider_needs_no_token()
    {
        Assert.True(_validator.Validate(null, new KeyServiceOptions()).Succeeded);
    }

    [Fact]
    public void An_incomplete_token_configuration_is_refused_with_each_problem_and_never_the_pin()
    {
        var options = new KeyServiceOptions
        {
            Provider = KeyServiceProvider.Pkcs11,
            Pkcs11 = new Pkcs11Options { Library = "/no/such/libpkcs11.so", Pin = "secret-pin-4711", PinFile = "/run/pin" },
        };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("/no/such/libpkcs11.so does not exist", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("TokenLabel", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("exactly one of", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pin-4711", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_token_configuration_passes()
    {
        var library = Path.GetTempFileName();
        try
        {
            var options = new KeyServiceOptions
            {
                Provider = KeyServiceProvider.Pkcs11,
                Pkcs11 = new Pkcs11Options { Library = library, TokenLabel = "tsm", Pin = "1234" },
            };
            Assert.True(_validator.Validate(null, options).Succeeded);
        }
        finally
        {
            File.Delete(library);
        }
    }
}
