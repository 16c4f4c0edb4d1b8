namespace Tsm.Grains.Ota;

/// <summary>The task grain as the service-provider API asks it: which provider the task was queued for (seed 5.7.1).</summary>
public interface ITaskProviderGrain : IGrainWithStringKey
{
    /// <summary>The provider of a provider task; null for the other channels and for an unknown id.</summary>
    Task<string?> ProviderOf();
}

public sealed partial class TaskGrain : ITaskProviderGrain
{
    public async Task<string?> ProviderOf()
    {
        await Load();
        return State.Spec?.ServiceProvider;
    }
}
