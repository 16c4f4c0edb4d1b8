namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// The answer of a decision: the provider after it and how its contact was told (approval, rejection,
/// deregistration). It never holds the initial password: that goes to the contact only.
/// </summary>
public sealed record ProviderDecisionView(ProviderView Provider, NoticeDelivery? Notification);
