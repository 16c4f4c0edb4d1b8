using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Outbox;

/// <summary>Checks an outbox's shared settings at start (<see cref="OutboxOptions.Validate"/>).</summary>
public sealed class OutboxOptionsValidator<TOptions>(string section, int maxBatchSize) : IValidateOptions<TOptions>
    where TOptions : OutboxOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate(section, maxBatchSize).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
