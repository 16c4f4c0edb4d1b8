using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// A command of an order, with what its answer is checked against: its intent, the object it names (<see cref="Aid"/>),
/// the GET STATUS query it is, or the PUT KEY answer it expects. <see cref="Stage"/> is the stage that planned it (an
/// order may end one stage and start the next). <see cref="Sensitive"/> commands carry secrets and are redacted from
/// transcripts.
/// </summary>
internal sealed record PlannedCommand(
    StageWork Stage,
    CommandApdu Plain,
    string Wire,
    CommandIntent Intent,
    string? Aid = null,
    GetStatusCommand? Status = null,
    byte[]? Expected = null,
    bool Sensitive = false);
