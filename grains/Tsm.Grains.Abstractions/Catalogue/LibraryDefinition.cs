namespace Tsm.Grains.Catalogue;

/// <summary>
/// A dependent extension (library, requirement 5.4.2): a load file the operator owns that applications import; it is
/// loaded onto an SE before the first application that needs it, and never instantiated.
/// </summary>
public sealed record LibraryDefinition
{
    public required string Aid { get; init; }

    public string Name { get; init; } = "";

    public required LoadFileDefinition LoadFile { get; init; }
}
