using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>
/// At start: the Identity tables, the seeded roles with their permissions (only roles that do not exist yet, so an
/// administrator's edits stay), and the bootstrap administrator when configured and no administrator exists.
/// Runs before Kestrel listens.
/// </summary>
public sealed class IdentityBootstrap(IServiceScopeFactory scopes, IPlatformDatabase database, IOptions<AccountOptions> options, ILogger<IdentityBootstrap> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await PrepareAsync(services, database, cancellationToken);
        if (options.Value.Bootstrap is { UserName: { Length: > 0 } user, Password: { Length: > 0 } password })
        {
            var accounts = services.GetRequiredService<UserManager<TsmAccount>>();
            var outcome = await AccountCommands.CreateFirstAdministratorAsync(accounts, user, password);
            AccountLog.Bootstrap(logger, outcome);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The Identity tables and the seeded roles (also run by the command line before it creates an account).</summary>
    public static async Task PrepareAsync(IServiceProvider scoped, IPlatformDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scoped);
        ArgumentNullException.ThrowIfNull(database);
        var db = scoped.GetRequiredService<PlatformIdentityDb>();
        await IdentitySchema.EnsureCreatedAsync(db, database, cancellationToken);
        // Silos starting together on one PostgreSQL database would both find a role missing and both insert it:
        // the check and the insert (with the role's permissions) run in one transaction under the schema's lock.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (database.Dialect == SqlDialect.PostgreSql)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresSchema.SchemaLockKey})", cancellationToken);
        var roles = scoped.GetRequiredService<RoleManager<TsmRole>>();
        foreach (var (name, permissions) in Roles.Defaults)
            await SeedRoleAsync(roles, name, permissions);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task SeedRoleAsync(RoleManager<TsmRole> roles, string name, IReadOnlyList<string> permissions)
    {
        if (await roles.RoleExistsAsync(name))
            return;
        var role = new TsmRole(name) { Description = RoleDescriptions.Of(name) };
        Check(await roles.CreateAsync(role));
        foreach (var permission in permissions)
            Check(await roles.AddClaimAsync(role, new Claim(TsmClaims.Permission, permission)));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Seeding the roles failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
