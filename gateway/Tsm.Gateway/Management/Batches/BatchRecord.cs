using Tsm.Grains.Management;

namespace Tsm.Gateway.Management.Batches;

/// <summary>A stored SE batch: its definition and its last change.</summary>
public sealed record BatchRecord(BatchDefinition Definition, string ChangedBy, DateTimeOffset ChangedAt)
{
    public string Id => Definition.Batch.Id;
}
