using Microsoft.Extensions.Options;
using Tsm.Grains.Keys;

namespace Tsm.Gateway.Hardening;

/// <summary>
/// The storage key must be 64 hex digits, and outside Development and Testing not the public one shipped in
/// appsettings.json (docs/security.md, "Secrets at rest").
/// </summary>
public sealed class StorageKeyValidator(IHostEnvironment environment) : IValidateOptions<KeyServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // An HSM that already holds the storage key needs none in configuration (docs/key-service.md).
        if (options.Provider == KeyServiceProvider.Pkcs11 && options.StorageKey.Length == 0)
            return ValidateOptionsResult.Success;
        if (options.StorageKey.Length != 64 || !options.StorageKey.All(char.IsAsciiHexDigit))
            return ValidateOptionsResult.Fail("KeyService:StorageKey must be 64 hex digits (set KeyService__StorageKey, or KeyService:StorageKeyFile).");
        if (!DevelopmentEnvironments.Includes(environment) && string.Equals(options.StorageKey, StorageKeys.Development, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail($"KeyService:StorageKey is the public development key shipped in appsettings.json, which protects nothing in "
                + $"environment {environment.EnvironmentName}: set the platform's own key in the environment variable KeyService__StorageKey or in a file "
                + "named by KeyService:StorageKeyFile, and protect the master keys with it (docs/security.md, \"Secrets at rest\").");
        }
        return ValidateOptionsResult.Success;
    }
}
