namespace Tsm.Grains.Ota;

public sealed partial class TaskGrain : ITaskProviderGrain
{
    public async Task<string?> ProviderOf()
    {
        await Load();
        return State.Spec?.ServiceProvider;
    }
}
