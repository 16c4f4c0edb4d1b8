namespace Tsm.Grains.Ota;

public sealed partial class TaskGrain : ITaskProviderGrain
{
    public async Task<string?> ProviderOf()
    {
        await LoadEnded();
        return Released(State.Spec is { } spec ? spec.ServiceProvider : _record is { } record ? Transcripts.FinishedTaskViews.ProviderOf(record) : null);
    }
}
