namespace Tsm.Grains.Ota;

[GenerateSerializer, Immutable, Alias("Tsm.ApplicationLists")]
public sealed record ApplicationLists(
    [property: Id(0)] IReadOnlyList<string> Download,
    [property: Id(1)] IReadOnlyList<string> Delete,
    [property: Id(2)] IReadOnlyList<string> Lock,
    [property: Id(3)] IReadOnlyList<string> Unlock);
