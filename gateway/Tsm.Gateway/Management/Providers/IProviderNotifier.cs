namespace Tsm.Gateway.Management.Providers;

/// <summary>Tells a provider's contact what happened (approval with its login, deregistration; requirements 5.6.2, 5.6.5).</summary>
public interface IProviderNotifier
{
    Task<NoticeDelivery> NotifyAsync(ProviderNotice notice, CancellationToken cancellationToken);
}
