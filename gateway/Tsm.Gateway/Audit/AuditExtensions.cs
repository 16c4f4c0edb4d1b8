using Microsoft.Extensions.DependencyInjection.Extensions;
using Tsm.Gateway.Storage;
using Tsm.Grains;

namespace Tsm.Gateway.Audit;

/// <summary>Registers the audit log (docs/security.md, "Audit log").</summary>
public static class AuditExtensions
{
    /// <summary>
    /// The platform database (<see cref="StorageExtensions.AddTsmStorage{TBuilder}"/>) and <see cref="IAuditLog"/> on
    /// it, stamped by the domain clock (the system clock unless the host registered another). Safe to call more than once.
    /// </summary>
    public static TBuilder AddAuditLog<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTsmStorage();
        builder.Services.TryAddKeyedSingleton(DomainClock.Key, TimeProvider.System);
        builder.Services.TryAddSingleton<IAuditLog, SqlAuditLog>();
        return builder;
    }
}
