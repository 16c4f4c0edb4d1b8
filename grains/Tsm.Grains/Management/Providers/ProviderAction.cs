namespace Tsm.Grains.Management.Providers;

/// <summary>What an operator does to a provider's state (docs/management/providers.md, "States").</summary>
public enum ProviderAction
{
    Approve,
    Reject,
    Blacklist,
    Restore,
    Deregister,
}
