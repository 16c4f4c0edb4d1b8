using Microsoft.Extensions.Options;

namespace Tsm.Gateway.Storage.Backups;

/// <summary>Registration of the embedded profile's scheduled backups (docs/backups.md).</summary>
public static class BackupExtensions
{
    public static WebApplicationBuilder AddBackups(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BackupOptions>, BackupOptionsValidator>();
        // The cluster profile's PostgreSQL is backed up by PostgreSQL's own tools (docs/backups.md).
        var profile = builder.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Profile)}"];
        if (profile is null || string.Equals(profile, StorageProfiles.Embedded, StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<BackupScheduler>();
            builder.Services.AddHostedService(services => services.GetRequiredService<BackupScheduler>());
        }
        return builder;
    }
}
