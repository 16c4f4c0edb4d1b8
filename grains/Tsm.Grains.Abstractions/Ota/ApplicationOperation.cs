namespace Tsm.Grains.Ota;

/// <summary>An operation on one application of the catalogue (download, delete, lock, unlock, personalize, commands).</summary>
[GenerateSerializer, Immutable, Alias("Tsm.ApplicationOperation")]
public abstract record ApplicationOperation : OperationSpec
{
    protected ApplicationOperation(string applicationAid)
    {
        ApplicationAid = OperationChecks.Aid(applicationAid, RefusalCode.ApplicationNotNamed, "applicationAid");
    }

    /// <summary>The application's AID (upper-case hex).</summary>
    [Id(0)] public string ApplicationAid { get; init; }
}
