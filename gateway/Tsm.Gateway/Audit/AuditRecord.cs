namespace Tsm.Gateway.Audit;

/// <summary>
/// A row of the audit log: the entry as stored (cleaned), its place in the chain and its time, with the hashes that
/// link it to the row before (docs/security.md, "Audit log"). Hashes are lower-case hex.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>The row's place in the chain: 1, 2, 3, … without gaps.</summary>
    public required long Seq { get; init; }

    /// <summary>When it was appended, by the domain clock; UTC.</summary>
    public required DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    public required string Roles { get; init; }

    public string? Region { get; init; }

    public required string Action { get; init; }

    public string? Target { get; init; }

    public required string Outcome { get; init; }

    public string? Before { get; init; }

    public string? After { get; init; }

    public string? RemoteAddress { get; init; }

    /// <summary>The previous row's <see cref="Hash"/>; 32 zero bytes for the first row.</summary>
    public required string PrevHash { get; init; }

    /// <summary>SHA-256 of this row's canonical encoding and <see cref="PrevHash"/> (<see cref="AuditChain"/>).</summary>
    public required string Hash { get; init; }
}
