namespace Tsm.Grains.Ota;

/// <summary>
/// What a task does on one SE, one type per operation (docs/requirements.md 5.8.3, 5.8.4), each carrying exactly what
/// its kind needs and checked where it is made: a malformed operation is refused (<see cref="RefusedException"/>)
/// before anything is queued.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.OperationSpec")]
public abstract record OperationSpec
{
    /// <summary>The operation's kind, for views, records and names.</summary>
    public abstract OperationKind Kind { get; }

    /// <summary>The operation's name in records and APIs: "download", "create-security-domain", ….</summary>
    public string Name => Kind.Name();
}
