using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Management.SecurityDomains;

/// <summary>Refuses to start with a malformed or overlapping AID range (section "Management:SecurityDomainAids").</summary>
internal sealed class AidRangesValidator : IValidateOptions<SecurityDomainAidOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityDomainAidOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Parse(out var problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
