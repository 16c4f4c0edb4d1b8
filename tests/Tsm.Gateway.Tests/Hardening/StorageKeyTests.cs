using System.Security.Cryptography;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Tests.Storage;
using Tsm.Grains.Keys;

namespace Tsm.Gateway.Tests.Hardening;

/// <summary>
/// The storage key at rest (docs/security.md, "Secrets at rest"): from the environment or a file only its owner may
/// read; the public development key is refused outside Development and Testing; the key itself is never quoted.
/// </summary>
public sealed class StorageKeyTests : IDisposable
{
    private readonly TempDatabase _folder = new();

    public void Dispose() => _folder.Dispose();

    private string KeyFile(string content, UnixFileMode mode)
    {
        var path = Path.Combine(_folder.Folder, Guid.NewGuid().ToString("N") + ".key");
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, mode);
        return path;
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void A_key_file_only_its_owner_may_read_replaces_the_configured_key()
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var options = new KeyServiceOptions { StorageKey = StorageKeys.Development, StorageKeyFile = KeyFile($"  {key}\n", OwnerOnly) };

        StorageKeys.ReadKeyFile(options);

        Assert.Equal(key, options.StorageKey);
    }

    [SkippableFact]
    public void A_key_file_every_user_may_read_is_refused_with_the_command_that_fixes_it()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var path = KeyFile(key, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var refused = Assert.Throws<OptionsValidationException>(() => StorageKeys.ReadKeyFile(new KeyServiceOptions { StorageKeyFile = path }));

        Assert.Contains("mode 644", refused.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 400", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_or_one_that_is_not_64_hex_digits_is_refused_without_quoting_it()
    {
        var missing = Assert.Throws<OptionsValidationException>(() => StorageKeys.ReadFile(Path.Combine(_folder.Folder, "absent.key")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);

        const string Secretish = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeZ";
        var bad = Assert.Throws<OptionsValidationException>(() => StorageKeys.ReadFile(KeyFile(Secretish, OwnerOnly)));
        Assert.Contains("64 hex digits", bad.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secretish, bad.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Testing", true)]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    public void The_shipped_key_is_only_accepted_in_development_and_testing(string environment, bool accepted)
    {
        var validator = new StorageKeyValidator(new HostingEnvironment { EnvironmentName = environment });

        var shipped = validator.Validate(null, new KeyServiceOptions { StorageKey = StorageKeys.Development.ToLowerInvariant() });
        var own = validator.Validate(null, new KeyServiceOptions { StorageKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) });

        Assert.Equal(accepted, shipped.Succeeded);
        Assert.True(own.Succeeded);
        if (!accepted)
        {
            Assert.Contains("KeyService__StorageKey", shipped.FailureMessage, StringComparison.Ordinal);
            Assert.Contains("KeyService:StorageKeyFile", shipped.FailureMessage, StringComparison.Ordinal);
            Assert.DoesNotContain(StorageKeys.Development, shipped.FailureMessage, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_key_that_is_not_64_hex_digits_is_refused_everywhere()
    {
        var validator = new StorageKeyValidator(new HostingEnvironment { EnvironmentName = "Testing" });
        Assert.True(validator.Validate(null, new KeyServiceOptions { StorageKey = new string('Z', 64) }).Failed);
        Assert.True(validator.Validate(null, new KeyServiceOptions { StorageKey = "00" }).Failed);
    }

    [Fact]
    public async Task A_production_gateway_takes_its_storage_key_from_the_environment_and_refuses_to_start_without_it()
    {
        using var database = new TempDatabase();
        string[] production =
        [
            "--environment", "Production", "--Storage:SqlitePath", database.Path,
            "--AllowedHosts", "127.0.0.1", "--Security:AllowInsecureHttp", "true",
        ];
        using (var refused = new GatewayProcess(SiloHost.FreePort(), production))
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(refused.StartAsync);
            Assert.Contains("public development key", failure.Message, StringComparison.Ordinal);
        }
        using var started = new GatewayProcess(SiloHost.FreePort(), production)
        {
            Environment = { ["KeyService__StorageKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) },
        };
        await started.StartAsync();
        using var client = new HttpClient { BaseAddress = started.BaseAddress };
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }
}
