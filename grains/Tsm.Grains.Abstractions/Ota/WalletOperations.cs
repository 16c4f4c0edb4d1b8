namespace Tsm.Grains.Ota;

/// <summary>The operations a wallet (or a push it presents) may ask for by kind: download, delete, lock, unlock an application, or sync.</summary>
public static class WalletOperations
{
    /// <summary>Whether a wallet may ask for <paramref name="kind"/>.</summary>
    public static bool Allows(OperationKind kind) =>
        kind is OperationKind.Download or OperationKind.Delete or OperationKind.Lock or OperationKind.Unlock or OperationKind.Sync;

    /// <summary>
    /// The operation of <paramref name="kind"/> on <paramref name="applicationAid"/> (ignored for a sync); a missing or
    /// malformed AID is refused as the operation is made.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a kind a wallet asks for (see <see cref="Allows"/>).</exception>
    public static OperationSpec Of(OperationKind kind, string? applicationAid) => kind switch
    {
        OperationKind.Download => new DownloadOperation(applicationAid ?? ""),
        OperationKind.Delete => new DeleteOperation(applicationAid ?? ""),
        OperationKind.Lock => new LockOperation(applicationAid ?? ""),
        OperationKind.Unlock => new UnlockOperation(applicationAid ?? ""),
        OperationKind.Sync => new SyncOperation(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an operation a wallet asks for."),
    };
}
