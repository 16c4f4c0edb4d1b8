namespace Tsm.Grains.Ota.Engine;

/// <summary>The states of an OTA session; <see cref="OtaSession.Advance"/> moves between them.</summary>
internal enum SessionState
{
    /// <summary>Nothing sent yet, or the SE went away and the current stage starts again.</summary>
    Idle,

    /// <summary>SELECT (and INITIALIZE UPDATE) of the current stage outstanding.</summary>
    AwaitingHandshake,

    /// <summary>EXTERNAL AUTHENTICATE and the stage's work outstanding.</summary>
    AwaitingWork,

    /// <summary>The stage's work and, in the same order, the next stage's handshake outstanding.</summary>
    AwaitingWorkAndNextHandshake,

    /// <summary>More of the registry (GET STATUS paging, the next scope of a sync) or a reconciling order outstanding.</summary>
    AwaitingFollowUp,

    Finished,
}
