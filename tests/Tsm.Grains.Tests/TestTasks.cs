using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests;

/// <summary>Task specs for engine tests, made the way the SE grain makes them.</summary>
internal static class TestTasks
{
    public const string SeId = "86000000000000000001";

    public static TaskSpec For(OperationSpec operation, string seId = SeId) => new()
    {
        Id = TaskId.New(seId),
        Operation = operation,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>A task of <paramref name="kind"/> on the application <paramref name="aid"/> or the SD <paramref name="sd"/>.</summary>
    public static TaskSpec Of(OperationKind kind, string? aid = null, string? sd = null) => For(kind switch
    {
        OperationKind.Download => new DownloadOperation(aid!),
        OperationKind.Delete => new DeleteOperation(aid!),
        OperationKind.Lock => new LockOperation(aid!),
        OperationKind.Unlock => new UnlockOperation(aid!),
        OperationKind.Sync => new SyncOperation(),
        OperationKind.CreateSecurityDomain => new CreateSecurityDomainOperation(sd!),
        OperationKind.UpdateSecurityDomainKeys => new UpdateSecurityDomainKeysOperation(sd),
        OperationKind.DeleteSecurityDomain => new DeleteSecurityDomainOperation(sd!),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Make this operation with its data."),
    }) with { SecurityDomainAid = sd?.ToUpperInvariant() };

    /// <summary>The task with its provider's keys put into its SD operation.</summary>
    public static TaskSpec WithProviderKeys(this TaskSpec spec, ProviderKeySet keys) => spec with
    {
        Operation = spec.Operation switch
        {
            CreateSecurityDomainOperation create => create with { ProviderKeys = keys },
            UpdateSecurityDomainKeysOperation update => update with { ProviderKeys = keys },
            _ => throw new ArgumentException("Not an SD operation that takes keys.", nameof(spec)),
        },
    };
}
