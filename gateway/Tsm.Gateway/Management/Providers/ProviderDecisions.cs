using Tsm.Grains.Management.Providers;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// What follows a provider's state change (docs/management/providers.md, "States"): on approval its login account
/// and the notice carrying the initial password; on rejection and deregistration a notice; on blacklisting its
/// sessions end; on deregistration its accounts are disabled. The password exists in memory here and in the notice
/// only: never in a log, the audit log or an answer.
/// </summary>
public sealed class ProviderDecisions(ProviderStore store, ProviderAccounts accounts, IProviderNotifier notifier, ILogger<ProviderDecisions> logger)
{
    public async Task<ProviderFollowUp> FollowUpAsync(ProviderDecision decision, ProviderAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var provider = decision.After;
        switch (action)
        {
            case ProviderAction.Approve:
                var spid = provider.Spid!;
                var (result, password) = await accounts.CreateAsync(spid, provider.Basics.Name);
                if (password is null)
                {
                    var errors = string.Join("; ", result.Errors.Select(e => e.Code));
                    ProvidersLog.AccountFailed(logger, provider.Id, errors);
                    await store.RevertApprovalAsync(decision.Before, CancellationToken.None);
                    return new ProviderFollowUp(decision.Before, null, Results.Problem(title: "Login account not made",
                        detail: $"The login account {spid} could not be made ({errors}); the registration is pending again.",
                        statusCode: StatusCodes.Status409Conflict));
                }
                var text = $"TSM: provider registration approved. SPID {spid}. Sign-in name {spid}, initial password {password} - change it after signing in.";
                return new ProviderFollowUp(provider, await notifier.NotifyAsync(
                    new ProviderNotice(provider.Key, provider.Extended.ContactMobile, provider.Extended.ContactEmail,
                        $"TSM: registration of {provider.Basics.Name} approved, SPID {spid}", text,
                        $"The registration of {provider.Basics.Name} as a service provider is approved.\r\n\r\nSPID: {spid}\r\nSign-in name: {spid}\r\nInitial password: {password}\r\n\r\nPlease change the password after signing in.\r\n",
                        Sensitive: true), cancellationToken));
            case ProviderAction.Reject:
                return new ProviderFollowUp(provider, await NotifyAsync(provider,
                    "TSM: provider registration not approved. Reason: " + provider.Reason, $"TSM: registration of {provider.Basics.Name} not approved", cancellationToken));
            case ProviderAction.Blacklist:
                await accounts.EndSessionsAsync(provider.Key);
                return new ProviderFollowUp(provider, null);
            case ProviderAction.Deregister:
                await accounts.DisableAsync(provider.Key);
                return new ProviderFollowUp(provider, await NotifyAsync(provider,
                    $"TSM: provider {provider.Key} is deregistered; its accounts are closed.", $"TSM: {provider.Basics.Name} ({provider.Key}) deregistered", cancellationToken));
            default:
                return new ProviderFollowUp(provider, null);
        }
    }

    private Task<NoticeDelivery> NotifyAsync(ServiceProviderRecord provider, string text, string subject, CancellationToken cancellationToken)
    {
        // One SMS: a long reason is cut rather than refused by the channel.
        var limit = text.All(char.IsAscii) ? 160 : 70;
        var sms = text.Length > limit ? text[..(limit - 3)] + "..." : text;
        return notifier.NotifyAsync(new ProviderNotice(provider.Key, provider.Extended.ContactMobile, provider.Extended.ContactEmail,
            subject, sms, text + "\r\n", Sensitive: false), cancellationToken);
    }
}
