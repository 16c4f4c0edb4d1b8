namespace Tsm.Gateway.Audit;

/// <summary>
/// Which audit rows to list, newest first (highest <see cref="AuditRecord.Seq"/> first). Every filter given must
/// match; a null filter matches everything.
/// </summary>
public sealed record AuditQuery
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 500;

    /// <summary>Rows appended at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Rows appended before this time (exclusive).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Rows of this actor exactly.</summary>
    public string? Actor { get; init; }

    /// <summary>Rows whose action starts with this text: "accounts." lists every account action.</summary>
    public string? ActionPrefix { get; init; }

    /// <summary>Rows about this target exactly.</summary>
    public string? Target { get; init; }

    /// <summary>"ok", "refused" or "failed" matches that kind with or without a status; "refused:403" only that status.</summary>
    public string? Outcome { get; init; }

    /// <summary>
    /// Rows whose region starts with these digits: "4401" matches "4401" and "440105", not "44" nor rows without a
    /// region. Region codes are hierarchical digit strings; the HTTP API forces the caller's own region here.
    /// </summary>
    public string? RegionPrefix { get; init; }

    /// <summary>Paging: rows with a smaller seq than this (the last seq of the previous page).</summary>
    public long? Before { get; init; }

    /// <summary>At most this many rows, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;
}
