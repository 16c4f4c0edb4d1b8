namespace Tsm.Gateway.Tests.Storage;

/// <summary>Nothing is lost on restart: grain state and reminders come back from the SQLite file or the PostgreSQL database.</summary>
public sealed class SiloRestartTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public Task State_and_reminders_survive_a_restart_on_the_same_file() =>
        SurvivesARestart(() => SiloHost.StartAsync(_database.Path));

    [SkippableFact]
    public async Task State_and_reminders_survive_a_restart_on_the_same_postgres_database()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await SurvivesARestart(() => SiloHost.StartClusterAsync(connectionString));
    }

    private static async Task SurvivesARestart(Func<Task<Microsoft.Extensions.Hosting.IHost>> start)
    {
        var first = await start();
        try
        {
            var counter = first.Grains().GetGrain<ICounterGrain>("se-1");
            Assert.Equal(1, await counter.Increment());
            Assert.Equal(2, await counter.Increment());
            await counter.StartReminder("poll");
            Assert.True(await counter.HasReminder("poll"));
        }
        finally
        {
            await SiloHost.StopAsync(first);
        }

        var second = await start();
        try
        {
            var counter = second.Grains().GetGrain<ICounterGrain>("se-1");
            Assert.Equal(2, await counter.Get());
            Assert.True(await counter.HasReminder("poll"));
            Assert.False(await counter.HasReminder("never-registered"));
            Assert.Equal(3, await counter.Increment());
            Assert.Equal(0, await second.Grains().GetGrain<ICounterGrain>("se-2").Get());
        }
        finally
        {
            await SiloHost.StopAsync(second);
        }
    }
}
