namespace Tsm.Grains.Ota;

/// <summary>Downloads and installs the application (requirement 5.8.4.1): LOAD, INSTALL, and its SD first when it is missing.</summary>
[GenerateSerializer, Immutable, Alias("Tsm.DownloadOperation")]
public sealed record DownloadOperation : ApplicationOperation
{
    public DownloadOperation(string applicationAid)
        : base(applicationAid)
    {
    }

    public override OperationKind Kind => OperationKind.Download;
}
