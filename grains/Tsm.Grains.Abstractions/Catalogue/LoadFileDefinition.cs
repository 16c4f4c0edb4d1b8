namespace Tsm.Grains.Catalogue;

/// <summary>One executable load file or library (extension) the platform loads onto SEs (requirement 5.4.2; docs/management.md).</summary>
public sealed record LoadFileDefinition
{
    /// <summary>The package AID of the load file.</summary>
    public required string Aid { get; init; }

    /// <summary>
    /// Where its CAP comes from: <c>stored:SHA1</c> (an uploaded CAP in the platform database, by the SHA-1 of its file),
    /// a path relative to the content root, or <c>demo:SIZE</c> (the generated demo CAP).
    /// </summary>
    public required string CapFile { get; init; }

    /// <summary>Module AIDs the load file contains (the generated demo CAP is built with them).</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>Packages it imports besides the Java Card platform's (libraries, by AID), as its CAP's Import component lists them.</summary>
    public IReadOnlyList<string> Imports { get; init; } = [];

    /// <summary>SHA-1 of the load file data block (hex), recorded at upload; empty when not known.</summary>
    public string LoadFileHash { get; init; } = "";

    /// <summary>
    /// The provider's DAP signature of the load file data block hash (hex; GP 2.2.1 C.3), for load files going to an
    /// SD in DAP mode: the platform only carries it into the LOAD as a DAP block (docs/dap-and-tokens.md). Empty: none.
    /// </summary>
    public string DapSignature { get; init; } = "";
}
