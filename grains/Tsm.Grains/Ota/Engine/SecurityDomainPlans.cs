namespace Tsm.Grains.Ota.Engine;

/// <summary>Create an SSD (requirement 5.8.3.1): install it, then — when its keys are known now — replace them and set it personalized.</summary>
internal sealed class CreateSecurityDomainPlan : OperationPlan
{
    public override IReadOnlyList<SecureChannelStage> Stages(PlanContext context)
    {
        var sd = context.SecurityDomain!.Aid;
        var keysKnown = context.Spec.NewKeySet is not null || context.Spec.ProviderKeys is not null;
        return keysKnown
            ? [Isd(context, StageWork.CreateSecurityDomain), new(StageWork.SecurityDomainKeys, sd, sd)]
            : [Isd(context, StageWork.CreateSecurityDomain)];
    }
}

/// <summary>
/// Replace an SD's keys on its own channel (requirement 5.8.3.2); the ISD's for a rotation (requirement 5.8.9.3). A third
/// party's SD leaving its initial keys then gets, on the ISD's channel, the instances waiting for it.
/// </summary>
internal sealed class UpdateSecurityDomainKeysPlan : OperationPlan
{
    public override IReadOnlyList<SecureChannelStage> Stages(PlanContext context)
    {
        var target = context.Spec.SecurityDomainAid ?? context.Batch.IsdAid;
        SecureChannelStage keys = new(StageWork.SecurityDomainKeys, target, context.IsIsd(target) ? null : target);
        // A third party's SD personalized now takes the instances installed with the ISD meanwhile (requirement 5.8.4.1).
        return context.Spec.Extraditions.Count > 0 ? [keys, Isd(context, StageWork.Extradite)] : [keys];
    }
}

/// <summary>Delete an SSD through the ISD (requirement 5.8.3.3), with its applications when the platform cascades.</summary>
internal sealed class DeleteSecurityDomainPlan : OperationPlan
{
    public override IReadOnlyList<SecureChannelStage> Stages(PlanContext context) => [Isd(context, StageWork.DeleteSecurityDomain)];
}

/// <summary>
/// Personalization (requirement 5.8.4.6): mode 3 through the application's SD, mode 2 in the SD's channel opened
/// through the application, mode 1 the provider's commands passed through.
/// </summary>
internal sealed class PersonalizePlan : OperationPlan
{
    public override IReadOnlyList<SecureChannelStage> Stages(PlanContext context)
    {
        var domain = context.ApplicationDomain;
        var keyDomain = context.IsIsd(domain) ? null : domain;
        return context.Spec.Personalization?.Mode switch
        {
            3 => [new(StageWork.PersonalizeThroughDomain, domain, keyDomain)],
            2 => [new(StageWork.PersonalizeApplication, context.Application!.Aid, keyDomain)],
            _ => [new(StageWork.Passthrough, context.Application!.Aid, null)],
        };
    }
}

/// <summary>Application commands (requirement 5.7.1): the provider's C-APDUs to its selected application, no secure channel of the platform's.</summary>
internal sealed class PassthroughPlan : OperationPlan
{
    public override IReadOnlyList<SecureChannelStage> Stages(PlanContext context) => [new(StageWork.Passthrough, context.Application!.Aid, null)];
}
