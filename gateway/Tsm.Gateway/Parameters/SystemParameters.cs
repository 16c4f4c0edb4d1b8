namespace Tsm.Gateway.Parameters;

/// <summary>
/// The system parameters as operators manage them (requirement 5.7.3.4; docs/parameters.md): only the parameters of
/// <see cref="ParameterCatalogue"/>, only values that pass their check, each change in the history and reloaded on
/// this silo before the answer (other silos: within their refresh interval).
/// </summary>
public sealed class SystemParameters(ParameterStore store, ParameterConfigurationProvider provider, IConfiguration configuration, ILogger<SystemParameters> logger)
{
    /// <summary>Every known parameter with its value in effect, by name.</summary>
    public async Task<IReadOnlyList<ParameterView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var stored = (await store.ListAsync(cancellationToken)).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        return [.. ParameterCatalogue.All.Select(d => View(d, stored.GetValueOrDefault(d.Name)))];
    }

    /// <summary>One known parameter; null when <paramref name="name"/> is not one.</summary>
    public async Task<ParameterView?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!ParameterCatalogue.TryGet(name, out var definition))
            return null;
        return View(definition, await store.GetAsync(definition.Name, cancellationToken));
    }

    /// <summary>Stores a checked value of a known parameter and applies it on this silo.</summary>
    public async Task<ParameterResult> SetAsync(string name, string? value, string changedBy, CancellationToken cancellationToken = default)
    {
        if (!ParameterCatalogue.TryGet(name, out var definition))
            return Unknown(name);
        if (!definition.TryNormalize(value, out var normalized, out var problem))
            return new ParameterResult(ParameterOutcome.InvalidValue, problem);
        var entry = await store.SetAsync(definition.Name, normalized, changedBy, cancellationToken);
        return await AfterAsync(definition, entry, cancellationToken);
    }

    /// <summary>Removes the stored value of a known parameter: the configuration files' value applies again.</summary>
    public async Task<ParameterResult> DeleteAsync(string name, string changedBy, CancellationToken cancellationToken = default)
    {
        if (!ParameterCatalogue.TryGet(name, out var definition))
            return Unknown(name);
        var entry = await store.DeleteAsync(definition.Name, changedBy, cancellationToken);
        if (entry is null)
            return new ParameterResult(ParameterOutcome.NotOverridden, $"{definition.Name} has no stored value: the configuration files' value is in effect.");
        return await AfterAsync(definition, entry, cancellationToken);
    }

    /// <summary>The changes of a known parameter, newest first; null when <paramref name="name"/> is not one.</summary>
    public async Task<IReadOnlyList<ParameterHistoryEntry>?> HistoryAsync(string name, int limit, CancellationToken cancellationToken = default) =>
        ParameterCatalogue.TryGet(name, out var definition) ? await store.HistoryAsync(definition.Name, limit, cancellationToken) : null;

    private async Task<ParameterResult> AfterAsync(ParameterDefinition definition, ParameterHistoryEntry? entry, CancellationToken cancellationToken)
    {
        if (entry is not null)
        {
            ParametersLog.Changed(logger, entry.Name, entry.Action, entry.ChangedBy, entry.OldValue, entry.NewValue);
            try
            {
                await provider.ReloadAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Stored and in the history; the periodic refresh applies it.
                ParametersLog.ReloadFailed(logger, e);
            }
        }

        var view = View(definition, await store.GetAsync(definition.Name, cancellationToken));
        return new ParameterResult(entry is null ? ParameterOutcome.Unchanged : ParameterOutcome.Changed, Parameter: view, Change: entry);
    }

    private static ParameterResult Unknown(string name) =>
        new(ParameterOutcome.UnknownName, $"{name} is not a known parameter; GET /admin/v1/parameters lists them.");

    private ParameterView View(ParameterDefinition definition, StoredParameter? stored)
    {
        var overridden = provider.TryGet(definition.Name, out _);
        return new ParameterView
        {
            Name = definition.Name,
            Type = definition.Type,
            Description = definition.Description,
            TakesEffect = definition.TakesEffect,
            Default = definition.Default,
            Minimum = definition.Minimum,
            Maximum = definition.Maximum,
            Choices = definition.Choices,
            Value = configuration[definition.Name] ?? definition.Default,
            Overridden = overridden,
            FileValue = FileValue(definition.Name),
            StoredValue = stored?.Value,
            UpdatedAt = stored?.UpdatedAt,
            UpdatedBy = stored?.UpdatedBy,
            Rejected = provider.Rejected.GetValueOrDefault(definition.Name),
        };
    }

    /// <summary>The value the other configuration sources give (the last one that sets it wins, as in the configuration).</summary>
    private string? FileValue(string name)
    {
        if (configuration is not IConfigurationRoot root)
            return null;
        foreach (var source in root.Providers.Reverse())
        {
            if (source is not ParameterConfigurationProvider && source.TryGet(name, out var value))
                return value;
        }

        return null;
    }
}
