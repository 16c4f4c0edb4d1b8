using Tsm.Gateway.Outbox;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>Delivery of task-end callbacks from the outbox (section "ServiceProviders:Callbacks"; docs/sp-api.md).</summary>
public sealed class SpCallbackOptions() : OutboxOptions(retryPause: TimeSpan.FromSeconds(2), maxRetryPause: TimeSpan.FromMinutes(10), maxAttempts: 30, batchSize: 64)
{
    /// <summary>The most callbacks <see cref="OutboxOptions.BatchSize"/> may take at once (each is a concurrent POST).</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>How long one POST may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Twice the POST's timeout: a sender that dies mid-POST leaves its callbacks to be taken again after it.</summary>
    public override TimeSpan Lease => Timeout + Timeout;
}
