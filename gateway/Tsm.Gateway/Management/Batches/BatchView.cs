using Tsm.Grains.Management;

namespace Tsm.Gateway.Management.Batches;

/// <summary>An SE batch as the API shows it: its definition and who changed it last.</summary>
public sealed record BatchView
{
    public required string Id { get; init; }

    public required string SeIdFrom { get; init; }

    public required string SeIdTo { get; init; }

    public required string MasterKeyRef { get; init; }

    public required IReadOnlyDictionary<string, string> MasterKeyRefs { get; init; }

    public required string Derivation { get; init; }

    public int KeyVersion { get; init; }

    public int ScpI { get; init; }

    public int? SecurityLevel { get; init; }

    public required string IsdAid { get; init; }

    public required string Chip { get; init; }

    public required string Cms2acVersion { get; init; }

    public required string JavaCardVersion { get; init; }

    public long InitialNonVolatile { get; init; }

    public int InitialVolatile { get; init; }

    public required IReadOnlyList<BatchPreset> PresetApplications { get; init; }

    public required IReadOnlyList<BatchPreset> PresetSecurityDomains { get; init; }

    public string? ChangedBy { get; init; }

    public DateTimeOffset? ChangedAt { get; init; }

    public static BatchView Of(BatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var b = record.Definition.Batch;
        return new BatchView
        {
            Id = b.Id,
            SeIdFrom = b.SeIdFrom,
            SeIdTo = b.SeIdTo,
            MasterKeyRef = b.MasterKeyRef,
            MasterKeyRefs = b.MasterKeyRefs,
            Derivation = b.Derivation.ToString(),
            KeyVersion = b.KeyVersion,
            ScpI = b.ScpI,
            SecurityLevel = b.SecurityLevel,
            IsdAid = b.IsdAid,
            Chip = b.Chip,
            Cms2acVersion = b.Cms2acVersion,
            JavaCardVersion = b.JavaCardVersion,
            InitialNonVolatile = b.InitialNonVolatile,
            InitialVolatile = b.InitialVolatile,
            PresetApplications = record.Definition.PresetApplications,
            PresetSecurityDomains = record.Definition.PresetSecurityDomains,
            ChangedBy = record.ChangedBy,
            ChangedAt = record.ChangedAt,
        };
    }
}
