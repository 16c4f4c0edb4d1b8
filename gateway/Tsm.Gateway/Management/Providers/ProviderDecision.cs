using Tsm.Grains.Management.Providers;

namespace Tsm.Gateway.Management.Providers;

/// <summary>What a decided state change did: the provider before and after it.</summary>
public sealed record ProviderDecision(ServiceProviderRecord Before, ServiceProviderRecord After)
{
    public ProviderStatus From => Before.Status;

    public ProviderStatus To => After.Status;
}
