using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Security.Boss;

/// <summary>Checks the <c>Boss</c> section at start: every hash is 64 hex digits, every system has at least one.</summary>
public sealed class BossOptionsValidator : IValidateOptions<BossOptions>
{
    public ValidateOptionsResult Validate(string? name, BossOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (id, credential) in options.Systems)
        {
            if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                failures.Add($"Boss:Systems: the id '{Tsm.Protocol.ClientText.Bounded(id)}' must be 1 to 64 letters, digits, '-', '_' or '.'.");
            if (credential.ApiKeySha256.Count == 0 && credential.CertificateSha256.Count == 0)
                failures.Add($"Boss:Systems:{id}: give ApiKeySha256 or CertificateSha256.");
            if (credential.ApiKeySha256.Concat(credential.CertificateSha256).Any(h => h is not { Length: 64 } || !h.All(char.IsAsciiHexDigit)))
                failures.Add($"Boss:Systems:{id}: every hash is a SHA-256 as 64 hex digits (never the key itself).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
