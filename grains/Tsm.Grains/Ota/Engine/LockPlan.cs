using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota.Engine;

/// <summary>Lock or unlock (requirement 5.8.4.3): SET STATUS of each of the application's instances.</summary>
internal sealed class LockPlan(bool locking) : OperationPlan
{
    public override IReadOnlyList<SecureChannelStage> Stages(PlanContext context) => [Isd(context)];

    public override string? PlanMain(PlanContext context)
    {
        foreach (var instance in context.Application!.Instances)
        {
            var aid = Aid.Parse(instance.InstanceAid);
            context.Wrapped((locking ? SetStatusCommand.Lock(aid) : SetStatusCommand.Unlock(aid)).ToApdu(), locking ? CommandIntent.Lock : CommandIntent.Unlock, instance.InstanceAid);
        }
        return null;
    }
}
