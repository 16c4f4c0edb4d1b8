using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Hardening;

/// <summary>Refuses to start with a non-positive limit or an exempt address that is not one, naming each setting.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
