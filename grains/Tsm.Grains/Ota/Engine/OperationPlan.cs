using Tsm.Protocol.Apdu;

namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// The plan of one operation (docs/ota.md "Plans"): the secure channels it opens, the work of its main stage, the
/// answers it tolerates from an earlier interrupted attempt, and what it leaves known at its end. The session runs
/// it; the work of SD and personalization stages is shared in <see cref="StagePlans"/>.
/// </summary>
internal abstract class OperationPlan
{
    /// <summary>The plan of a task's operation.</summary>
    public static OperationPlan For(TaskSpec spec) => spec.Operation switch
    {
        RegisterOperation => new RegisterPlan(),
        DownloadOperation => new DownloadPlan(),
        DeleteOperation => new DeletePlan(),
        LockOperation => new LockPlan(locking: true),
        UnlockOperation => new LockPlan(locking: false),
        SyncOperation => new SyncPlan(),
        CreateSecurityDomainOperation => new CreateSecurityDomainPlan(),
        UpdateSecurityDomainKeysOperation => new UpdateSecurityDomainKeysPlan(),
        DeleteSecurityDomainOperation => new DeleteSecurityDomainPlan(),
        PersonalizeOperation => new PersonalizePlan(),
        ApplicationCommandsOperation => new PassthroughPlan(),
        _ => throw new ArgumentException($"No plan for {spec.Operation.Kind}.", nameof(spec)),
    };

    /// <summary>The secure channels the task opens, in order.</summary>
    public abstract IReadOnlyList<SecureChannelStage> Stages(PlanContext context);

    /// <summary>Reads the CPLC before authentication (a sync records it).</summary>
    public virtual bool ReadsCplc => false;

    /// <summary>The main stage's work once the channel is open; a reason when the task cannot go on (nothing was sent).</summary>
    public virtual string? PlanMain(PlanContext context) => null;

    /// <summary>Whether this operation's plan expects <paramref name="sw"/> to <paramref name="command"/> (work of an earlier attempt met again).</summary>
    public virtual bool Tolerates(PlanContext context, PlannedCommand command, StatusWord sw) => false;

    /// <summary>After every stage and registry read: another order when what the card showed differs from the plan.</summary>
    public virtual OtaStep? Reconcile(PlanContext context, Func<string, OtaStep> issue, Func<string, OtaStep> fail) => null;

    /// <summary>What the platform knows of the application's content at the end.</summary>
    public virtual KnownContent ContentAfter(PlanContext context) => context.Known;

    /// <summary>The card facts the task ends with.</summary>
    public virtual CardFacts FactsAfter(PlanContext context) => context.Facts with
    {
        LoadFiles = context.Registry.LoadFiles.Count > 0 ? new Dictionary<string, IReadOnlyList<string>>(context.Registry.LoadFiles) : null,
        Instances = context.Registry.Instances.Count > 0 ? new Dictionary<string, byte>(context.Registry.Instances) : null,
    };

    /// <summary>The ISD's channel for the main work.</summary>
    protected static SecureChannelStage Isd(PlanContext context, StageWork work = StageWork.Main) => new(work, context.Batch.IsdAid, null);
}
