using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Storage.Backups;

namespace Tsm.Gateway.Cli;

/// <summary>
/// <c>backup create|list|restore</c>: online backups of the embedded profile's database and an offline restore
/// (docs/backups.md). The cluster profile's PostgreSQL is backed up with PostgreSQL's own tools.
/// </summary>
public static class BackupCommand
{
    private const string ConfigurationHint =
        "Configuration as for the server, e.g. --Storage:SqlitePath data/tsm.db --Backups:Directory /var/backups/tsm.";

    public static Command Create()
    {
        var backup = new Command("backup", "Backups of the embedded profile's SQLite database (requirement 7.3).");

        var create = new Command("create", "Take a backup now, while the gateway runs or not; keeps the newest Backups:Keep. Exit 0: taken; 1: failed. " + ConfigurationHint)
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        create.SetAction((result, ct) => CliHost.RunAsync(result, AddServices, async (services, output, token) =>
        {
            var taken = await BackupsOf(services).CreateAsync(token);
            await output.WriteLineAsync($"Backup taken: {taken.Path} ({taken.Bytes.ToString(CultureInfo.InvariantCulture)} bytes)");
            return CliExitCodes.Ok;
        }, ct));
        backup.Subcommands.Add(create);

        var list = new Command("list", "List the backups, newest first. " + ConfigurationHint) { TreatUnmatchedTokensAsErrors = false };
        list.SetAction((result, ct) => CliHost.RunAsync(result, AddServices, async (services, output, token) =>
        {
            var backups = BackupsOf(services);
            await output.WriteLineAsync($"Backups in {backups.Directory}:");
            foreach (var file in backups.List())
                await output.WriteLineAsync($"{file.TakenAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}  {file.Bytes.ToString(CultureInfo.InvariantCulture),12} bytes  {file.Path}");
            return CliExitCodes.Ok;
        }, ct));
        backup.Subcommands.Add(list);

        var file = new Argument<FileInfo>("backup") { Description = "The backup file to restore (see backup list)." };
        var restore = new Command("restore",
            "Put a backup in place of the database. Stop the gateway first. The backup is checked, and the database it " +
            "replaces is kept next to it as <database>.before-restore-<time>. Exit 0: restored; 1: failed. " + ConfigurationHint)
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        restore.Arguments.Add(file);
        restore.SetAction((result, ct) => CliHost.RunAsync(result, AddServices, async (services, output, token) =>
        {
            var database = EmbeddedDatabase(services);
            var kept = await SqliteBackups.RestoreAsync(result.GetValue(file)!.FullName, database, TimeProvider.System, token);
            await output.WriteLineAsync($"Restored {result.GetValue(file)!.FullName} to {database}.");
            if (kept is not null)
                await output.WriteLineAsync($"The database it replaced is kept as {kept}.");
            return CliExitCodes.Ok;
        }, ct));
        backup.Subcommands.Add(restore);
        return backup;
    }

    private static void AddServices(WebApplicationBuilder builder)
    {
        builder.AddTsmStorage();
        builder.Services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section);
    }

    private static SqliteBackups BackupsOf(IServiceProvider services)
    {
        var database = EmbeddedDatabase(services);
        var options = services.GetRequiredService<IOptions<BackupOptions>>().Value;
        if (options.Problems().FirstOrDefault() is { } problem)
            throw new OptionsValidationException(BackupOptions.Section, typeof(BackupOptions), [problem]);
        return new SqliteBackups(database, options.DirectoryFor(database), options.Keep, TimeProvider.System);
    }

    private static string EmbeddedDatabase(IServiceProvider services)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (!storage.IsEmbedded)
            throw new InvalidOperationException("The cluster profile's PostgreSQL is backed up with pg_basebackup and WAL archiving (docs/backups.md).");
        return storage.SqlitePath!;
    }
}
