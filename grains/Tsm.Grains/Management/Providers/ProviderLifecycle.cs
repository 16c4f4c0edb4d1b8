using Tsm.Grains.Ota;

namespace Tsm.Grains.Management.Providers;

/// <summary>
/// The rules of a service provider's life (requirements 5.6.2, 5.6.5, 5.6.6; docs/management/providers.md, "States"):
/// pending → approved | rejected; approved → blacklisted → approved (restore); approved or blacklisted → deregistered.
/// Approval is by another operator than the registrant, a refusal, blacklisting and restoring give a reason, and
/// deregistration waits until every application of the provider is archived.
/// </summary>
public static class ProviderLifecycle
{
    /// <summary>The longest reason kept (characters).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The state after <paramref name="action"/>, or the refusal of a transition the state does not allow.</summary>
    public static ProviderStatus Next(ProviderStatus from, ProviderAction action) => (from, action) switch
    {
        (ProviderStatus.Pending, ProviderAction.Approve) => ProviderStatus.Approved,
        (ProviderStatus.Pending, ProviderAction.Reject) => ProviderStatus.Rejected,
        (ProviderStatus.Approved, ProviderAction.Blacklist) => ProviderStatus.Blacklisted,
        (ProviderStatus.Blacklisted, ProviderAction.Restore) => ProviderStatus.Approved,
        (ProviderStatus.Approved or ProviderStatus.Blacklisted, ProviderAction.Deregister) => ProviderStatus.Deregistered,
        _ => throw new RefusedException(RefusalCode.ProviderStateConflict,
            $"A provider that is {from.Name()} cannot be {Past(action)}{Hint(from, action)}."),
    };

    /// <summary>Whether the action needs a reason (a rejection, blacklisting, restoring).</summary>
    public static bool NeedsReason(ProviderAction action) => action is ProviderAction.Reject or ProviderAction.Blacklist or ProviderAction.Restore;

    /// <summary>The problem with <paramref name="reason"/> for <paramref name="action"/>, or null when it will do.</summary>
    public static string? CheckReason(ProviderAction action, string? reason)
    {
        if (reason is { Length: > MaxReasonLength })
            return $"reason: at most {MaxReasonLength} characters.";
        if (NeedsReason(action) && string.IsNullOrWhiteSpace(reason))
            return $"reason: required to {action.ToString().ToLowerInvariant()} a provider.";
        return null;
    }

    /// <summary>The approver must not be the operator who registered the provider (four eyes, requirement 5.6.2).</summary>
    public static void CheckApprover(string registeredBy, string approver)
    {
        ArgumentNullException.ThrowIfNull(registeredBy);
        ArgumentNullException.ThrowIfNull(approver);
        if (string.Equals(registeredBy, approver, StringComparison.OrdinalIgnoreCase))
            throw new RefusedException(RefusalCode.SelfApproval,
                "The operator who registered the provider cannot approve or reject its registration: another operator with approval rights must.");
    }

    /// <summary>Deregistration waits until every application of the provider is archived (requirement 5.6.5).</summary>
    public static void CheckDeregistration(int unarchivedApplications)
    {
        if (unarchivedApplications > 0)
            throw new RefusedException(RefusalCode.ProviderHasApplications,
                $"The provider still has {unarchivedApplications} application(s) that are not archived: archive them first.");
    }

    private static string Past(ProviderAction action) => action switch
    {
        ProviderAction.Approve => "approved",
        ProviderAction.Reject => "rejected",
        ProviderAction.Blacklist => "blacklisted",
        ProviderAction.Restore => "restored",
        _ => "deregistered",
    };

    private static string Hint(ProviderStatus from, ProviderAction action) => (from, action) switch
    {
        (ProviderStatus.Approved or ProviderStatus.Rejected, ProviderAction.Approve or ProviderAction.Reject) => " (its registration was decided already)",
        (ProviderStatus.Pending, _) => " (its registration is still to be approved)",
        (ProviderStatus.Approved, ProviderAction.Restore) => " (it is not blacklisted)",
        (ProviderStatus.Rejected or ProviderStatus.Deregistered, _) => " (that state is final)",
        _ => "",
    };
}
