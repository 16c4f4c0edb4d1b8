using System.Reflection;

namespace Tsm.Gateway.Storage;

/// <summary>
/// The SQL scripts embedded in this assembly, one folder per database under Storage/Sql
/// (Sqlite for the embedded profile, PostgreSql for the cluster profile). Each script is idempotent and
/// the scripts of a folder run in file-name order.
/// </summary>
public static class DatabaseScripts
{
    public const string Sqlite = "Sqlite";

    public const string PostgreSql = "PostgreSql";

    private const string ResourcePrefix = "Tsm.Gateway.Storage.Sql.";

    /// <summary>The scripts of one database, as (name, text), in the order they must run.</summary>
    public static IReadOnlyList<(string Name, string Text)> Load(string database)
    {
        var assembly = typeof(DatabaseScripts).Assembly;
        var prefix = ResourcePrefix + database + ".";
        var scripts = new List<(string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            scripts.Add((resource[prefix.Length..], Read(assembly, resource)));
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException($"No embedded SQL scripts for database '{database}'.");
        }

        return scripts;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
