namespace Tsm.Grains.Ota;

/// <summary>Deletes the application's instances and load file (requirement 5.8.4.2).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.DeleteOperation")]
public sealed record DeleteOperation : ApplicationOperation
{
    public DeleteOperation(string applicationAid)
        : base(applicationAid)
    {
    }

    public override OperationKind Kind => OperationKind.Delete;
}
