namespace Tsm.Grains.Ota;

/// <summary>Unlocks the application's instances (requirement 5.8.4.3; a business hall or its provider only).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.UnlockOperation")]
public sealed record UnlockOperation : ApplicationOperation
{
    public UnlockOperation(string applicationAid)
        : base(applicationAid)
    {
    }

    public override OperationKind Kind => OperationKind.Unlock;
}
