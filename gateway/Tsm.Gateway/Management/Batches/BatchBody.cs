using Tsm.Grains.Catalogue;
using Tsm.Grains.Management;

namespace Tsm.Gateway.Management.Batches;

/// <summary>An SE batch as an operator sends it (requirement 5.8.1): POST creates one, PUT replaces one (every field; defaults as on creation).</summary>
public sealed record BatchBody
{
    public string? Id { get; init; }

    public string? SeIdFrom { get; init; }

    public string? SeIdTo { get; init; }

    /// <summary>The key service's reference of the ISD master key of <see cref="KeyVersion"/>.</summary>
    public string? MasterKeyRef { get; init; }

    /// <summary>Other ISD key versions' master keys (KVN in hex → reference), for a key rotation.</summary>
    public Dictionary<string, string>? MasterKeyRefs { get; init; }

    /// <summary>None, Emv or Visa2.</summary>
    public string? Derivation { get; init; }

    public int? KeyVersion { get; init; }

    public int? ScpI { get; init; }

    public int? SecurityLevel { get; init; }

    public string? IsdAid { get; init; }

    public string? Chip { get; init; }

    public string? Cms2acVersion { get; init; }

    public string? JavaCardVersion { get; init; }

    public long? InitialNonVolatile { get; init; }

    public int? InitialVolatile { get; init; }

    public IReadOnlyList<BatchPresetBody>? PresetApplications { get; init; }

    public IReadOnlyList<BatchPresetBody>? PresetSecurityDomains { get; init; }

    /// <summary>The definition; what does not fit its type goes to <paramref name="problems"/> (the rules check the rest).</summary>
    public BatchDefinition ToDefinition(string id, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var defaults = new SeBatch { Id = id, SeIdFrom = "", SeIdTo = "", MasterKeyRef = "" };
        var derivation = defaults.Derivation;
        if (Derivation is not null && (!Enum.TryParse(Derivation, ignoreCase: true, out derivation) || !Enum.IsDefined(derivation) || int.TryParse(Derivation, out _)))
            problems.Add("derivation: None, Emv or Visa2.");
        var batch = defaults with
        {
            SeIdFrom = SeIdFrom?.Trim().ToUpperInvariant() ?? "",
            SeIdTo = SeIdTo?.Trim().ToUpperInvariant() ?? "",
            MasterKeyRef = MasterKeyRef?.Trim() ?? "",
            MasterKeyRefs = MasterKeyRefs is null ? [] : new Dictionary<string, string>(MasterKeyRefs.Select(p => KeyValuePair.Create(p.Key.ToUpperInvariant(), p.Value))),
            Derivation = derivation,
            KeyVersion = Byte(KeyVersion, "keyVersion", problems) ?? defaults.KeyVersion,
            ScpI = Byte(ScpI, "scpI", problems) ?? defaults.ScpI,
            SecurityLevel = SecurityLevel is null or 0 ? null : Byte(SecurityLevel, "securityLevel", problems),
            IsdAid = IsdAid?.Trim().ToUpperInvariant() ?? defaults.IsdAid,
            Chip = Chip?.Trim() ?? "",
            Cms2acVersion = Cms2acVersion?.Trim() ?? "",
            JavaCardVersion = JavaCardVersion?.Trim() ?? "",
            InitialNonVolatile = InitialNonVolatile ?? defaults.InitialNonVolatile,
            InitialVolatile = InitialVolatile ?? defaults.InitialVolatile,
        };
        return new BatchDefinition
        {
            Batch = batch,
            PresetApplications = Presets(PresetApplications, "presetApplications", PresetState.Selectable, problems),
            PresetSecurityDomains = Presets(PresetSecurityDomains, "presetSecurityDomains", PresetState.Personalized, problems),
        };
    }

    private static IReadOnlyList<BatchPreset> Presets(IReadOnlyList<BatchPresetBody>? presets, string name, PresetState defaultState, List<string> problems)
    {
        var list = new List<BatchPreset>();
        foreach (var preset in presets ?? [])
        {
            if (preset is null)
            {
                problems.Add($"{name}: an entry is null.");
                continue;
            }
            var memory = PresetMemoryType.Eeprom;
            if (preset.MemoryType is not null && (!Enum.TryParse(preset.MemoryType, ignoreCase: true, out memory) || !Enum.IsDefined(memory) || int.TryParse(preset.MemoryType, out _)))
                problems.Add($"{name}: memoryType is ROM, Flash or EEPROM.");
            var state = defaultState;
            if (preset.State is not null && (!Enum.TryParse(preset.State, ignoreCase: true, out state) || !Enum.IsDefined(state) || int.TryParse(preset.State, out _)))
                problems.Add($"{name}: state is loaded, installed, selectable, personalized or locked.");
            list.Add(new BatchPreset { Aid = preset.Aid?.Trim().ToUpperInvariant() ?? "", MemoryType = memory, State = state });
        }
        return list;
    }

    private static byte? Byte(int? value, string name, List<string> problems)
    {
        if (value is null)
            return null;
        if (value is >= 0 and <= 255)
            return (byte)value.Value;
        problems.Add($"{name}: 0 to 255.");
        return null;
    }
}
