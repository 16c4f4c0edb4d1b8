using Microsoft.Extensions.Options;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>
/// The capabilities a business platform may be granted per provider (requirement 5.7.1): the operations of
/// <c>POST /sp/v1/ses/{seId}/operations</c> by their <c>operation</c> name, and the activation notice.
/// </summary>
public static class SpCapabilities
{
    public const string Download = "download";
    public const string Delete = "delete";
    public const string Lock = "lock";
    public const string Unlock = "unlock";

    /// <summary>The user left the provider's service: its application is deleted from the SE.</summary>
    public const string Unsubscribe = "unsubscribe";

    /// <summary>The provider's personalized application is activated (requirement 5.8.7.2).</summary>
    public const string Activate = "activate";

    /// <summary>Requirement 5.8.3.1: create the provider's SD on the SE (with its keys under the provider's KEK, or later).</summary>
    public const string CreateSecurityDomain = "create-security-domain";

    /// <summary>Requirement 5.8.3.2: the provider's new SD keys, under its KEK.</summary>
    public const string UpdateSecurityDomainKeys = "update-security-domain-keys";

    /// <summary>Requirement 5.8.3.3: delete the provider's empty SD.</summary>
    public const string DeleteSecurityDomain = "delete-security-domain";

    /// <summary>Requirement 5.8.4.6: personalize (or update the personalization of) the provider's application, mode 1, 2 or 3.</summary>
    public const string Personalize = "personalize";

    /// <summary>Requirement 5.7.1 "application commands": APDUs passed through to the provider's application (mode 1).</summary>
    public const string ApplicationCommands = "application-commands";

    /// <summary>Every capability name configuration may grant; a name not here is refused at start (a typo grants nothing).</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Download, Delete, Lock, Unlock, Unsubscribe, Activate,
        CreateSecurityDomain, UpdateSecurityDomainKeys, DeleteSecurityDomain, Personalize, ApplicationCommands,
    };

    /// <summary>Capabilities that work on a security domain rather than an application.</summary>
    public static bool IsSecurityDomainCapability(string operation) =>
        operation is CreateSecurityDomain or UpdateSecurityDomainKeys or DeleteSecurityDomain;
}

/// <summary>The service-provider API (section "ServiceProviders"; docs/sp-api.md).</summary>
public sealed class SpOptions
{
    public const string Section = "ServiceProviders";

    /// <summary>How long an operation request waits for its task to end before it answers 202 (0: never waits).</summary>
    public TimeSpan SyncWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Ask for a wake-up SMS (requirement 5.8.5) when a task is still queued after <see cref="SyncWait"/> and SMS links are configured.</summary>
    public bool WakeUpPush { get; set; } = true;

    /// <summary>The business platforms by id.</summary>
    public Dictionary<string, SpPlatformOptions> Platforms { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Task-end callbacks (webhooks).</summary>
    public SpCallbackOptions Callbacks { get; set; } = new();
}

/// <summary>One business platform: its credentials, the providers it acts for with their capabilities, its callback.</summary>
public sealed class SpPlatformOptions
{
    /// <summary>SHA-256 of each API key it may present in <c>X-Api-Key</c> (64 hex digits); the keys themselves are never configured.</summary>
    public List<string> ApiKeySha256 { get; set; } = [];

    /// <summary>SHA-256 thumbprints (64 hex digits) of the client certificates it may present on an HTTPS endpoint.</summary>
    public List<string> CertificateThumbprints { get; set; } = [];

    /// <summary>Provider id → the capabilities the platform may call for that provider.</summary>
    public Dictionary<string, List<string>> Providers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where task ends are POSTed (absolute http or https URL); none when empty.</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>The HMAC-SHA256 key of the callbacks' signature (at least 16 characters); required with a callback URL. Never logged.</summary>
    public string? CallbackSecret { get; set; }
}

/// <summary>Checks the platforms at start: credentials, providers, capabilities and callbacks that make sense.</summary>
public sealed class SpOptionsValidator : IValidateOptions<SpOptions>
{
    public ValidateOptionsResult Validate(string? name, SpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SyncWait < TimeSpan.Zero || options.SyncWait > TimeSpan.FromSeconds(60))
            failures.Add("ServiceProviders:SyncWait must be 0..60 seconds.");
        if (options.Callbacks.Timeout <= TimeSpan.Zero)
            failures.Add("ServiceProviders:Callbacks:Timeout must be positive.");
        failures.AddRange(options.Callbacks.Validate("ServiceProviders:Callbacks", SpCallbackOptions.MaxBatchSize));
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, platform) in options.Platforms)
        {
            var at = "ServiceProviders:Platforms:" + id;
            if (platform.ApiKeySha256.Count == 0 && platform.CertificateThumbprints.Count == 0)
                failures.Add($"{at}: needs an ApiKeySha256 or a CertificateThumbprint.");
            foreach (var hash in platform.ApiKeySha256)
            {
                if (!IsHex(hash, 64))
                    failures.Add($"{at}:ApiKeySha256: each entry is a SHA-256 hash, 64 hex digits (not the key).");
                else if (!keys.Add(hash))
                    failures.Add($"{at}:ApiKeySha256: a key hash is configured twice.");
            }
            if (platform.CertificateThumbprints.Any(t => !IsHex(t, 64)))
                failures.Add($"{at}:CertificateThumbprints: each entry is a SHA-256 thumbprint, 64 hex digits.");
            if (platform.Providers.Count == 0)
                failures.Add($"{at}:Providers: the platform acts for at least one service provider.");
            foreach (var (provider, capabilities) in platform.Providers)
            {
                var unknown = capabilities.Where(x => !SpCapabilities.All.Contains(x)).ToList();
                if (unknown.Count > 0)
                    failures.Add($"{at}:Providers:{provider}: unknown capabilities {string.Join(", ", unknown)} (known: {string.Join(", ", SpCapabilities.All)}).");
            }
            if (!string.IsNullOrEmpty(platform.CallbackUrl))
            {
                if (!Uri.TryCreate(platform.CallbackUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    failures.Add($"{at}:CallbackUrl must be an absolute http or https URL.");
                if (platform.CallbackSecret is not { Length: >= 16 })
                    failures.Add($"{at}:CallbackSecret: at least 16 characters are required with a callback URL.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHex(string value, int length) => value.Length == length && value.All(Uri.IsHexDigit);
}
