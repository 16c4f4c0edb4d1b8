using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// Delete (requirement 5.8.4.2): the instances, then — unless the application's delete mode keeps the code
/// (requirement 5.4.6) — its load files, the last loaded first, without "related objects": the card refuses that (6985)
/// while other instances of a load file remain, so that load file stays. Libraries the application imported stay (other
/// applications may import them). Then the SD under its deletion rule (requirement 5.3.1), and GET DATA FF21.
/// </summary>
internal sealed class DeletePlan : OperationPlan
{
    public override IReadOnlyList<SecureChannelStage> Stages(PlanContext context) => [Isd(context)];

    public override string? PlanMain(PlanContext context)
    {
        var app = context.Application!;
        foreach (var instance in app.Instances)
            context.Wrapped(DeleteCommand.ForObject(Aid.Parse(instance.InstanceAid), deleteRelated: false).ToApdu(), CommandIntent.DeleteInstance, instance.InstanceAid);
        if (app.Deletion == Catalogue.DeleteMode.InstanceOnly)
            context.LoadFileKept = true;
        else
        {
            foreach (var loadFile in app.AllLoadFiles.Reverse())
                context.Wrapped(DeleteCommand.ForObject(Aid.Parse(loadFile.Aid), deleteRelated: false).ToApdu(), CommandIntent.DeleteLoadFile, loadFile.Aid);
        }
        if (context.Spec.DeleteSecurityDomainAfter && context.Spec.SecurityDomainAid is { } emptied)
            context.Wrapped(DeleteCommand.ForObject(Aid.Parse(emptied), deleteRelated: false).ToApdu(), CommandIntent.DeleteSecurityDomain, emptied);
        context.FreeMemory();
        return null;
    }

    public override bool Tolerates(PlanContext context, PlannedCommand command, StatusWord sw)
    {
        switch (command.Intent)
        {
            case CommandIntent.DeleteInstance or CommandIntent.DeleteLoadFile when sw == StatusWords.ReferencedDataNotFound:
                return true; // gone already
            case CommandIntent.DeleteLoadFile when sw == StatusWords.ConditionsNotSatisfied:
                context.LoadFileKept = true; // other instances of the load file remain on the SE
                return true;
            case CommandIntent.DeleteSecurityDomain when sw == StatusWords.ReferencedDataNotFound:
                context.Facts = context.Facts with { SecurityDomainDeleted = true };
                return true;
            case CommandIntent.DeleteSecurityDomain when sw == StatusWords.ConditionsNotSatisfied:
                return true; // still holding something the platform does not know of: the application's delete stands
            default:
                return false;
        }
    }

    public override KnownContent ContentAfter(PlanContext context) => new(context.LoadFileKept, new HashSet<string>());

    public override CardFacts FactsAfter(PlanContext context) => base.FactsAfter(context) with { LoadFileKept = context.LoadFileKept };
}
