namespace Tsm.Gateway.Management.Providers;

/// <summary>What followed a decision: the provider as it stands, the notice sent, or the problem that undid it.</summary>
public sealed record ProviderFollowUp(ServiceProviderRecord Provider, NoticeDelivery? Notification, IResult? Failure = null);
