namespace Tsm.Grains.Ota;

/// <summary>Reads the card's content and reconciles the platform's view with it (requirement 5.8.4.5).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.SyncOperation")]
public sealed record SyncOperation : OperationSpec
{
    public override OperationKind Kind => OperationKind.Sync;
}
