namespace Tsm.Grains.Ota;

/// <summary>Locks the application's instances (requirement 5.8.4.3).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.LockOperation")]
public sealed record LockOperation : ApplicationOperation
{
    public LockOperation(string applicationAid)
        : base(applicationAid)
    {
    }

    public override OperationKind Kind => OperationKind.Lock;
}
