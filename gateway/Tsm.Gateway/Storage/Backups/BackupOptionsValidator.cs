using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Storage.Backups;

/// <summary>Checks the Backups section at start (<see cref="BackupOptions.Problems"/>).</summary>
public sealed class BackupOptionsValidator : IValidateOptions<BackupOptions>
{
    public ValidateOptionsResult Validate(string? name, BackupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
