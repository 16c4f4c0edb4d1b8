namespace Tsm.Grains.Catalogue;

/// <summary>
/// An application's personalization template: the DGIs it takes, which of them are sensitive (sent by the provider
/// under its KEK, re-encrypted under the session DEK), and the command header mode 2 sends them in.
/// </summary>
public sealed record PersonalizationTemplate
{
    public required IReadOnlyList<PersonalizationField> Fields { get; init; }

    /// <summary>Mode 2: CLA INS P1 P2 (hex) of the command that carries each DGI to the application itself.</summary>
    public string Mode2Header { get; init; } = "80E20000";
}
