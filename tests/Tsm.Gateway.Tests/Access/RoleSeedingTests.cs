using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Security;
using Tsm.Gateway.Security.Accounts;
using Tsm.Gateway.Storage;
using Tsm.Gateway.Tests.Storage;

namespace Tsm.Gateway.Tests.Access;

/// <summary>
/// Silos of the cluster profile start together on one fresh PostgreSQL database: each creates the Identity tables
/// and seeds the default roles, and none of them may fail on the other's rows (a duplicate role name once stopped a silo).
/// </summary>
public sealed class RoleSeedingTests
{
    [SkippableFact]
    public async Task Silos_seeding_one_database_at_once_all_start_and_leave_each_role_once_with_its_permissions()
    {
        Skip.If(PostgresServer.BinDir is null, PostgresServer.SkipReason);
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var database = new PostgresSchema(Options.Create(new StorageOptions { Profile = StorageProfiles.Cluster, PostgresConnectionString = connectionString }));
        await using var first = Silo(database);
        await using var second = Silo(database);
        await using var third = Silo(database);

        await Task.WhenAll(PrepareAsync(first, database), PrepareAsync(second, database), PrepareAsync(third, database));
        await PrepareAsync(first, database); // a restart finds everything in place

        await using var scope = first.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<TsmRole>>();
        var stored = await roles.Roles.Select(r => r.Name!).ToListAsync();
        Assert.Equal(Roles.Defaults.Select(d => d.Key).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        foreach (var (name, permissions) in Roles.Defaults)
        {
            var claims = await roles.GetClaimsAsync((await roles.FindByNameAsync(name))!);
            Assert.Equal(permissions.Order(StringComparer.Ordinal), claims.Select(c => c.Value).Order(StringComparer.Ordinal));
        }
    }

    private static ServiceProvider Silo(PostgresSchema database)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDbContext<PlatformIdentityDb>(db => db.UseNpgsql(database.ConnectionString));
        services.AddIdentityCore<TsmAccount>().AddRoles<TsmRole>().AddEntityFrameworkStores<PlatformIdentityDb>();
        return services.BuildServiceProvider();
    }

    private static async Task PrepareAsync(ServiceProvider silo, PostgresSchema database)
    {
        await PostgresSchema.ApplyAsync(database.ConnectionString);
        await using var scope = silo.CreateAsyncScope();
        await IdentityBootstrap.PrepareAsync(scope.ServiceProvider, database, CancellationToken.None);
    }
}
