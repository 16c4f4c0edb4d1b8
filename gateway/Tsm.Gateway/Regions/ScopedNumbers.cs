using System.Globalization;
using System.Security.Claims;
using System.Text;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Regions;

/// <summary>
/// The numbers a caller may see (docs/security.md, "Regions"): null for a national caller, else the number segments
/// homed in its region, for a query to filter on (with or without the country code 86 in front).
/// </summary>
public static class ScopedNumbers
{
    public static async Task<IReadOnlyList<string>?> PrefixesAsync(ClaimsPrincipal caller, RegionStore regions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var scope = RegionScope.Of(caller);
        if (scope.IsNational)
            return null;
        return [.. (await regions.ListSegmentsAsync(cancellationToken)).Where(s => scope.Allows(s.Region)).Select(s => s.Prefix)];
    }

    /// <summary>Appends " AND (column LIKE … OR …)" for <paramref name="prefixes"/> (nothing when null; no row when empty).</summary>
    public static void Filter(StringBuilder sql, System.Data.Common.DbCommand command, string column, IReadOnlyList<string>? prefixes)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(command);
        if (prefixes is null)
            return;
        if (prefixes.Count == 0)
        {
            sql.Append(" AND 1 = 0");
            return;
        }
        sql.Append(" AND (");
        for (var i = 0; i < prefixes.Count; i++)
        {
            var name = "@Segment" + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "" : " OR ").Append(column).Append(" LIKE ").Append(name).Append(" OR ").Append(column).Append(" LIKE ").Append(name).Append("cc");
            command.AddParameter(name, prefixes[i] + "%");
            command.AddParameter(name + "cc", "86" + prefixes[i] + "%");
        }
        sql.Append(')');
    }
}
