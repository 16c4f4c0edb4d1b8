using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Storage;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    Task<string?> ETag();

    Task Clear();

    Task StartReminder(string name);

    Task<bool> HasReminder(string name);
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class CounterGrain(
    [PersistentState("counter", StorageNames.Default)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain, IRemindable
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string?> ETag() => Task.FromResult<string?>(state.Etag);

    public Task Clear() => state.ClearStateAsync();

    public Task StartReminder(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<bool> HasReminder(string name) => await this.GetReminder(name) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
