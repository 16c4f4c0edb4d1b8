using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;
using Tsm.Grains;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Ota;

/// <summary>Registers the OTA engine's services: catalogue, key service, options, operation log, clocks, task waits.</summary>
public static class OtaExtensions
{
    public static WebApplicationBuilder AddOtaEngine(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddCatalogueOptions();
        services.AddOptions<KeyServiceOptions>().BindConfiguration(KeyServiceOptions.Section)
            .Validate(o => o.StorageKey.Length == 64 || (o.Provider == KeyServiceProvider.Pkcs11 && o.StorageKey.Length == 0),
                "KeyService:StorageKey must be 64 hex digits (set KeyService__StorageKey).")
            .ValidateOnStart();
        services.AddOptions<OtaOptions>().BindConfiguration(OtaOptions.Section)
            .Validate(o => o.SecurityLevel is 0x01 or 0x02 or 0x03, "Ota:SecurityLevel must be 1, 2 or 3.")
            .Validate(o => o.LoadBlockSize is >= 16 and <= 239, "Ota:LoadBlockSize must be 16..239.")
            .ValidateOnStart();
        services.AddOptions<WalletOptions>().BindConfiguration(WalletOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WalletOptions>, WalletOptionsValidator>());
        services.AddOptions<KeyRotationOptions>().BindConfiguration(KeyRotationOptions.Section)
            .Validate(o => o.PageSize is >= 1 and <= 10_000, "KeyRotation:PageSize must be 1..10000.")
            .Validate(o => o.PagePause > TimeSpan.Zero && o.ReminderPeriod > TimeSpan.Zero, "KeyRotation:PagePause and ReminderPeriod must be positive.")
            .ValidateOnStart();
        services.AddOptions<TaskWaitOptions>().BindConfiguration(TaskWaitOptions.Section)
            .Validate(o => o.FallbackPoll > TimeSpan.Zero, "TaskWaits:FallbackPoll must be positive.")
            .ValidateOnStart();
        services.AddSingleton(new CatalogueFiles(builder.Environment.ContentRootPath));
        services.AddSingleton<ICatalogue, ConfiguredCatalogue>();
        services.AddKeyService();
        services.AddSingleton<IOperationLog, OperationLogStore>();
        services.AddTranscripts();
        // Two clocks (docs/architecture.md, "Time"): the host's, which Orleans, Kestrel, links and waits run on, and
        // the domain's, which tests replace with a fake clock they advance.
        services.AddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(DomainClock.Key, TimeProvider.System);
        services.AddSingleton<TaskQueueSignals>();
        services.AddSingleton<ITaskQueueListener>(sp => sp.GetRequiredService<TaskQueueSignals>());
        return builder;
    }
}

/// <summary>The grains' operation log, written to the operation records table.</summary>
internal sealed class OperationLogStore(OperationRecordStore store, [FromKeyedServices(DomainClock.Key)] TimeProvider time) : IOperationLog
{
    public Task RecordAsync(string operation, string seId, string msisdn, string? applicationAid, string result, string? detail, Guid? recordId = null, string? actor = null, bool replace = false) =>
        store.AddAsync(new OperationRecord
        {
            Id = recordId ?? Guid.NewGuid(),
            At = time.GetUtcNow(),
            Actor = actor ?? "wallet:" + msisdn,
            Operation = operation,
            SeId = seId,
            Msisdn = msisdn,
            ApplicationAid = applicationAid,
            Result = result,
            Detail = detail,
        }, replace);

    public async Task<RecordedOperation?> FindAsync(Guid recordId) =>
        await store.FindAsync(recordId) is { } r
            ? new RecordedOperation(r.Id, r.At, r.Actor, r.Operation, r.SeId, r.Msisdn, r.ApplicationAid, r.Result, r.Detail)
            : null;
}
