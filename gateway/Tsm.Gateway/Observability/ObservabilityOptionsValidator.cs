using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Observability;

/// <summary>Checks <see cref="ObservabilityOptions"/> at start.</summary>
public sealed class ObservabilityOptionsValidator : IValidateOptions<ObservabilityOptions>
{
    public ValidateOptionsResult Validate(string? name, ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.OtlpEndpoint is { IsAbsoluteUri: false })
            problems.Add("Observability:OtlpEndpoint must be an absolute URI (http://collector:4317).");
        if (options.OtlpProtocol is not ("grpc" or "http/protobuf"))
            problems.Add("Observability:OtlpProtocol must be grpc or http/protobuf.");
        foreach (var hash in options.ScrapeTokenHashes)
        {
            if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
                problems.Add("Observability:ScrapeTokenHashes holds SHA-256 hashes: 64 hex digits each (never the token itself).");
        }
        if (options.OutboxAgeDegraded <= TimeSpan.Zero)
            problems.Add("Observability:OutboxAgeDegraded must be positive.");
        if (options.DatabaseProbeTimeout <= TimeSpan.Zero)
            problems.Add("Observability:DatabaseProbeTimeout must be positive.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
