using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Idempotency;

/// <summary>Checks the Idempotency section at start (<see cref="IdempotencyOptions.Problems"/>).</summary>
public sealed class IdempotencyOptionsValidator : IValidateOptions<IdempotencyOptions>
{
    public ValidateOptionsResult Validate(string? name, IdempotencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
