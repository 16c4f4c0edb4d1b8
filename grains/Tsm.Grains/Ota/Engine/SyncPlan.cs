using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota.Engine;

/// <summary>Info sync (requirement 5.8.4.5): the CPLC, the ISD's key versions and the whole registry, one query at a time.</summary>
internal sealed class SyncPlan : OperationPlan
{
    public override IReadOnlyList<SecureChannelStage> Stages(PlanContext context) => [Isd(context)];

    public override bool ReadsCplc => true;

    public override string? PlanMain(PlanContext context)
    {
        context.Wrapped(GetDataCommand.KeyInformation.ToApdu(), CommandIntent.KeyInformation);
        context.Status(new GetStatusCommand(GetStatusScope.ExecutableLoadFilesAndModules));
        context.Registry.ReadLater(GetStatusScope.ApplicationsAndSecurityDomains);
        return null;
    }

    /// <summary>A sync reports the registry even when it is empty: that is what the platform reconciles with.</summary>
    public override CardFacts FactsAfter(PlanContext context) => context.Facts with
    {
        LoadFiles = new Dictionary<string, IReadOnlyList<string>>(context.Registry.LoadFiles),
        Instances = new Dictionary<string, byte>(context.Registry.Instances),
    };
}
