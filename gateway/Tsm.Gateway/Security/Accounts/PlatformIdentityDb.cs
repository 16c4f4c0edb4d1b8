using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Tsm.Gateway.Security.Accounts;

/// <summary>
/// The Identity tables (accounts, roles, their claims, logins and tokens) and the Data Protection key ring, in the
/// platform database of the active storage profile (docs/security.md, "Accounts"). Every silo of a cluster shares the
/// key ring, so a token or cookie issued by one is read by all.
/// </summary>
public sealed class PlatformIdentityDb(DbContextOptions<PlatformIdentityDb> options)
    : IdentityDbContext<TsmAccount, TsmRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<TsmAccount>(account =>
        {
            account.Property(a => a.DisplayName).HasMaxLength(128);
            account.Property(a => a.Region).HasMaxLength(12);
            account.Property(a => a.Provider).HasMaxLength(64);
        });
        builder.Entity<TsmRole>().Property(r => r.Description).HasMaxLength(512);
    }
}
