using System.Globalization;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Management.Providers;

/// <summary>
/// Counts the rows of table Applications (ProviderId, Status) whose status is not 'archived'. Until the application
/// catalogue's table exists (it comes with the applications' own scripts), a provider has no stored applications: 0.
/// </summary>
public sealed class SqlApplicationCensus(IPlatformDatabase database) : IApplicationCensus
{
    public async Task<int> CountUnarchivedAsync(string providerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(providerId);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = database.Dialect == SqlDialect.PostgreSql
                ? "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND lower(table_name) = 'applications';"
                : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND lower(name) = 'applications';";
            if (await exists.ExecuteScalarAsync(ct) is null)
                return 0;
        }
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Applications WHERE ProviderId = @Provider AND Status <> 'archived';";
        count.AddParameter("@Provider", providerId);
        return Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
