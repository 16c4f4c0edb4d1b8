using System.Text.Json.Serialization;

namespace Tsm.Gateway.Audit;

/// <summary>What <see cref="IAuditLog.VerifyAsync"/> found wrong with the chain at the first bad row.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditFault>))]
public enum AuditFault
{
    /// <summary>The row's hash does not match its content: the row was altered.</summary>
    Altered,

    /// <summary>Sequence numbers jump: the rows in between were removed.</summary>
    Removed,

    /// <summary>The row's prev_hash is not the previous row's hash: rows were reordered, or removed and renumbered.</summary>
    Relinked,

    /// <summary>The head record names a later row than the log's last: rows at the end were removed.</summary>
    TailRemoved,

    /// <summary>The head record does not match the log's last row (other seq or hash): the end was rewritten.</summary>
    HeadMismatch,

    /// <summary>The head record is missing.</summary>
    HeadMissing,

    /// <summary>A stored value cannot be part of a chain (a hash that is not 32 bytes).</summary>
    Malformed,
}
