using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Storage;

/// <summary>Where grain state, reminders and the gateway's tables live (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><see cref="StorageProfiles.Embedded"/> (the default) or <see cref="StorageProfiles.Cluster"/>.</summary>
    public string Profile { get; set; } = StorageProfiles.Embedded;

    /// <summary>
    /// The SQLite file of the embedded profile. Unset: <c>$TSM_DATA_DIR/tsm.db</c> when that variable is set,
    /// else <c>data/tsm.db</c> under the content root. A relative path is taken from the content root.
    /// Resolved to an absolute path when the options are built.
    /// </summary>
    public string? SqlitePath { get; set; }

    /// <summary>
    /// The PostgreSQL connection string of the cluster profile (Npgsql syntax). Unless it sets <c>Maximum Pool Size</c>,
    /// each silo pools at most <see cref="PostgresSchema.DefaultMaxPoolSize"/> connections.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// How long a command of the embedded profile waits while another process holds the SQLite file's write lock
    /// (a maintenance tool, a stuck writer) before it fails; the request is then answered 503 with Retry-After
    /// (docs/operations.md, "Outages"). Whole seconds, 1 s to 10 min; default 30 s.
    /// </summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = SqliteSchema.DefaultBusyTimeout;

    public bool IsEmbedded => string.Equals(Profile, StorageProfiles.Embedded, StringComparison.OrdinalIgnoreCase);

    public bool IsCluster => string.Equals(Profile, StorageProfiles.Cluster, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The storage profiles; see docs/storage.md.</summary>
public static class StorageProfiles
{
    /// <summary>One silo, localhost clustering, one SQLite file.</summary>
    public const string Embedded = "embedded";

    /// <summary>Several silos on PostgreSQL.</summary>
    public const string Cluster = "cluster";
}

/// <summary>Resolves the SQLite file of the embedded profile.</summary>
public static class StoragePaths
{
    /// <summary>Environment variable naming the folder of <c>tsm.db</c>.</summary>
    public const string DataDirVariable = "TSM_DATA_DIR";

    public const string DatabaseFileName = "tsm.db";

    public static string ResolveSqlitePath(string? configuredPath, string contentRoot, string? dataDir)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return Path.GetFullPath(configuredPath, contentRoot);
        }

        return string.IsNullOrWhiteSpace(dataDir)
            ? Path.GetFullPath(Path.Combine("data", DatabaseFileName), contentRoot)
            : Path.GetFullPath(Path.Combine(dataDir, DatabaseFileName), contentRoot);
    }
}

/// <summary>Checks <see cref="StorageOptions"/> when the host starts.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (options.IsEmbedded)
        {
            if (options.SqliteBusyTimeout < TimeSpan.FromSeconds(1) || options.SqliteBusyTimeout > TimeSpan.FromMinutes(10)
                || options.SqliteBusyTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
                return ValidateOptionsResult.Fail("Storage:SqliteBusyTimeout must be whole seconds from 00:00:01 to 00:10:00.");
            return string.IsNullOrWhiteSpace(options.SqlitePath)
                ? ValidateOptionsResult.Fail("Storage:SqlitePath could not be resolved.")
                : ValidateOptionsResult.Success;
        }

        if (options.IsCluster)
        {
            if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            {
                return ValidateOptionsResult.Fail("Storage:PostgresConnectionString is required for the cluster profile (Storage:Profile = \"cluster\").");
            }

            try
            {
                _ = PostgresSchema.ConnectionStringFor(options.PostgresConnectionString);
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail($"Storage:PostgresConnectionString is not a valid PostgreSQL connection string: {e.Message}");
            }

            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"Storage:Profile \"{options.Profile}\" is unknown; use \"{StorageProfiles.Embedded}\" or \"{StorageProfiles.Cluster}\".");
    }
}
