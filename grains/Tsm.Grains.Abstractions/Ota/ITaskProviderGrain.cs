namespace Tsm.Grains.Ota;

/// <summary>The task grain as the service-provider API asks it: which provider the task was queued for (requirement 5.7.1).</summary>
[Alias("Tsm.ITaskProviderGrain")]
public interface ITaskProviderGrain : IGrainWithStringKey
{
    /// <summary>The provider of a provider task; null for the other channels and for an unknown id.</summary>
    [Alias("ProviderOf")]
    Task<string?> ProviderOf();
}
