using Tsm.Gateway.Api;

namespace Tsm.Gateway.Observability;

/// <summary>
/// A grain call that failed because the database was unreachable deactivates its grain (docs/operations.md, "Outages").
/// A grain changes its state in memory before it writes it; when the write fails the caller is told 503, so the change
/// must not survive in memory to be written by a later call: the next call activates the grain afresh from what the
/// database holds. Nothing is lost (the change was refused) and nothing is doubled (a retried request is new).
/// </summary>
public sealed class StorageFailureDeactivation : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (TransientFailures.Classify(ex) == TransientCause.Storage)
        {
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "The database was unreachable during a call."));
            throw;
        }
    }
}
