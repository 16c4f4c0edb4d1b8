using Microsoft.Extensions.Options;
using Tsm.Grains.Ota.Transcripts;

namespace Tsm.Gateway.Ota;

/// <summary>Checks the Transcripts section at start (<see cref="TranscriptOptions.Problems"/>).</summary>
public sealed class TranscriptOptionsValidator : IValidateOptions<TranscriptOptions>
{
    public ValidateOptionsResult Validate(string? name, TranscriptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
