namespace Tsm.Grains.Ota;

/// <summary>
/// The SE grain as a service provider's business platform reaches it (requirement 5.7.1): the provider's notices and
/// its view of tasks. Same grain and key (SEID) as <see cref="ISeGrain"/>; operations go through
/// <see cref="ISeGrain.Submit"/> with <see cref="TaskChannel.Provider"/>.
/// </summary>
[Alias("Tsm.ISeProviderGrain")]
public interface ISeProviderGrain : IGrainWithStringKey
{
    /// <summary>The provider's activation notice: its Personalized application becomes Useable (requirement 5.8.7.2).</summary>
    [Alias("Activate")]
    Task<ApplicationState> Activate(string applicationAid, string serviceProvider);

    /// <summary>A task of this SE with the provider that asked for it (null when none did); refused when unknown.</summary>
    [Alias("GetProviderTask")]
    Task<ProviderTaskView> GetProviderTask(TaskId taskId);
}
