using System.Data.Common;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Parameters;

/// <summary>
/// Serves the stored system parameters as configuration keys (docs/parameters.md). It reads the table once while the
/// configuration is built, and again on <see cref="ReloadAsync"/>: after each change made through this silo, and
/// periodically (<see cref="ParameterRefresher"/>) for changes made through others. A reload that changes a value
/// raises the configuration's change token, so <c>IOptionsMonitor</c> users see the new value.
/// <para>
/// Only known parameters with valid values are served: a row the catalogue does not know, or whose value fails its
/// check (written by hand, or by a version with other bounds), is left out — the file's value applies — and listed in
/// <see cref="Rejected"/>. A database file or table that is not there yet (first start: the schema is applied later)
/// reads as an empty table. Any other failure of the first read stops the start: running with file values where
/// the operators set others (a security level) is worse than not starting. A later failed reload keeps the values.
/// </para>
/// </summary>
public sealed class ParameterConfigurationProvider(IPlatformDatabase? database) : ConfigurationProvider
{
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private volatile IReadOnlyDictionary<string, string> _rejected = new Dictionary<string, string>();

    /// <summary>Stored rows left out at the last reload, by name, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Rejected => _rejected;

    /// <summary>The stored parameters this provider serves, by name.</summary>
    public IReadOnlyDictionary<string, string?> Values => new Dictionary<string, string?>(Data, StringComparer.OrdinalIgnoreCase);

    /// <summary>The first read, while the configuration is built (no synchronization context there to block).</summary>
    public override void Load() => ReloadAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Reads the table again; true when a value changed, which was then signalled to the configuration's users.</summary>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken = default)
    {
        if (database is null)
            return false;
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var rejected = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in await ReadAsync(cancellationToken))
            {
                if (!ParameterCatalogue.TryGet(name, out var definition))
                    rejected[name] = $"{name} is not a known parameter.";
                else if (!definition.TryNormalize(value, out var normalized, out var problem))
                    rejected[definition.Name] = problem;
                else
                    data[definition.Name] = normalized;
            }

            _rejected = rejected;
            if (SameAs(data))
                return false;
            Data = data;
        }
        finally
        {
            _reloading.Release();
        }

        OnReload();
        return true;
    }

    private async Task<IReadOnlyList<(string Name, string Value)>> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database!.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT Name, Value FROM SystemParameters;";
            var rows = new List<(string, string)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                rows.Add((reader.GetString(0), reader.GetString(1)));
            return rows;
        }
        catch (DbException e) when (ExistingDatabase.IsMissing(e))
        {
            return [];
        }
    }

    private bool SameAs(Dictionary<string, string?> data) =>
        data.Count == Data.Count && data.All(d => Data.TryGetValue(d.Key, out var value) && value == d.Value);
}
