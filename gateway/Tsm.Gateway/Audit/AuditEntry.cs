namespace Tsm.Gateway.Audit;

/// <summary>
/// One audited action, as a caller hands it to <see cref="IAuditLog.AppendAsync"/> (docs/security.md, "Audit log").
/// The log stamps it with the domain clock and a sequence number and cleans every field with
/// <see cref="AuditText.Clean(string?)"/>. Never put a password, key, token or other secret in any field: the log is
/// read by auditors and kept for years; say "password changed", not what it was changed to.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>Who acted: an account name, a business platform's id, or <see cref="AuditActor.Anonymous"/>.</summary>
    public required string Actor { get; init; }

    /// <summary>The actor's roles, comma-separated; empty when it has none.</summary>
    public string Roles { get; init; } = "";

    /// <summary>The region code the actor is scoped to (hierarchical digits); null for national scope.</summary>
    public string? Region { get; init; }

    /// <summary>What was done: "login", "login-failed", "logout", "accounts.create", "keys.import", "POST /admin/v1/…".</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to: an account name, a SEID, a task id; null when nothing in particular.</summary>
    public string? Target { get; init; }

    /// <summary>How it ended, built with <see cref="AuditOutcome"/>: "ok", "refused", "failed", optionally ":" and an HTTP status.</summary>
    public required string Outcome { get; init; }

    /// <summary>A short summary of the target before the action (no secrets); null when there is none.</summary>
    public string? Before { get; init; }

    /// <summary>A short summary of the target after the action (no secrets); null when there is none.</summary>
    public string? After { get; init; }

    /// <summary>The client's IP address as the server saw it; null when not over HTTP.</summary>
    public string? RemoteAddress { get; init; }
}
