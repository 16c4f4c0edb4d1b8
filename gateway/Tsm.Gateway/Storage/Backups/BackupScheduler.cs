using Microsoft.Extensions.Options;
using Tsm.Grains;

namespace Tsm.Gateway.Storage.Backups;

/// <summary>Takes the embedded database's backups every <see cref="BackupOptions.Interval"/> (docs/backups.md).</summary>
public sealed partial class BackupScheduler(
    IOptions<StorageOptions> storage, IOptions<BackupOptions> options, [FromKeyedServices(DomainClock.Key)] TimeProvider time, ILogger<BackupScheduler> logger)
    : IHostedService, IAsyncDisposable
{
    private PeriodicRefresh? _schedule;

    /// <summary>The latest scheduled run (tests await it after moving the clock).</summary>
    public Task Current => _schedule?.Current ?? Task.CompletedTask;

    public SqliteBackups Backups { get; } = new(
        storage.Value.SqlitePath!, options.Value.DirectoryFor(storage.Value.SqlitePath!), options.Value.Keep, time);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Interval > TimeSpan.Zero)
        {
            _schedule ??= new PeriodicRefresh(time, options.Value.Interval, RunAsync);
            Scheduled(logger, options.Value.Interval, Backups.Directory);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _schedule, null) is { } schedule)
            await schedule.DisposeAsync();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var backup = await Backups.CreateAsync(cancellationToken);
            Taken(logger, backup.Path, backup.Bytes);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(logger, e);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Backups of the embedded database every {Interval} into {Directory}")]
    private static partial void Scheduled(ILogger logger, TimeSpan interval, string directory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Backup taken: {Path} ({Bytes} bytes)")]
    private static partial void Taken(ILogger logger, string path, long bytes);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Backup failed; the next one runs at the next interval")]
    private static partial void Failed(ILogger logger, Exception exception);
}
