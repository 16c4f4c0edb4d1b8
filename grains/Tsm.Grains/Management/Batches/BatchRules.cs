using System.Globalization;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Management;

/// <summary>
/// The rules of SE batches (requirement 5.8.1; docs/management/batches.md): a valid definition, SEID ranges that never
/// overlap another batch's, and a range that keeps every SE registered under the batch.
/// </summary>
public static class BatchRules
{
    public const int MinSeIdDigits = 4;
    public const int MaxSeIdDigits = 64;
    public const int MaxIdLength = 64;
    public const int MaxTextLength = 64;
    public const int MaxPresets = 256;

    /// <summary>The batch's SEID range, or null with the problem.</summary>
    public static HexRange? RangeOf(SeBatch batch, out string problem)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return HexRange.TryParse(batch.SeIdFrom, batch.SeIdTo, MinSeIdDigits, MaxSeIdDigits, evenDigits: false, out problem, "seIdFrom", "seIdTo");
    }

    /// <summary>What is wrong with the definition, one line per problem; empty when it is valid.</summary>
    public static IReadOnlyList<string> Check(BatchDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var batch = definition.Batch;
        var problems = new List<string>();
        if (CheckId(batch.Id) is { } id)
            problems.Add(id);
        if (RangeOf(batch, out var rangeProblem) is null)
            problems.Add(rangeProblem);
        if (CheckReference(batch.MasterKeyRef) is { } reference)
            problems.Add("masterKeyRef: " + reference);
        foreach (var (kvn, other) in batch.MasterKeyRefs)
        {
            if (!byte.TryParse(kvn, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var version) || kvn.Length != 2 || version is < 1 or > 0x7F)
                problems.Add($"masterKeyRefs: key version '{Echo(kvn)}' is not 01–7F in hex.");
            else if (version == batch.KeyVersion)
                problems.Add($"masterKeyRefs: key version {kvn} is the batch's keyVersion, whose reference is masterKeyRef.");
            if (CheckReference(other) is { } p)
                problems.Add($"masterKeyRefs {Echo(kvn)}: " + p);
        }
        if (batch.KeyVersion is < 1 or > 0x7F)
            problems.Add("keyVersion: 1 to 127 (0x01–0x7F).");
        if (!Enum.IsDefined(batch.Derivation))
            problems.Add("derivation: None, Emv or Visa2.");
        if (batch.ScpI is not (0x05 or 0x15 or 0x45 or 0x55))
            problems.Add("scpI: an SCP02 i parameter (05, 15, 45 or 55 in hex).");
        if (batch.SecurityLevel is { } level && level is not (0x01 or 0x03))
            problems.Add("securityLevel: 1 or 3, or absent for the platform's default.");
        if (!HexRange.IsHex(batch.IsdAid, 10, 32, evenDigits: true))
            problems.Add("isdAid: 5 to 16 bytes in hex.");
        foreach (var (name, value) in new[] { ("chip", batch.Chip), ("cms2acVersion", batch.Cms2acVersion), ("javaCardVersion", batch.JavaCardVersion) })
        {
            if (value.Length > MaxTextLength || value.Any(char.IsControl))
                problems.Add($"{name}: at most {MaxTextLength} characters, no control characters.");
        }
        if (batch.InitialNonVolatile is < 0 or > 1L << 32)
            problems.Add("initialNonVolatile: 0 to 4294967296 bytes.");
        if (batch.InitialVolatile is < 0 or > 1 << 24)
            problems.Add("initialVolatile: 0 to 16777216 bytes.");
        CheckPresets("presetApplications", definition.PresetApplications, problems);
        CheckPresets("presetSecurityDomains", definition.PresetSecurityDomains, problems);
        return problems;
    }

    public static string? CheckId(string? id) =>
        string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"id: 1 to {MaxIdLength} letters, digits, '-', '_' or '.'."
            : null;

    /// <summary>
    /// Refuses a batch whose SEID range overlaps another stored batch's (ranges of different lengths never overlap; a
    /// shared end is an overlap; adjacent ranges are not).
    /// </summary>
    public static void RequireNoOverlap(SeBatch batch, IEnumerable<SeBatch> others)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(others);
        var range = RangeOf(batch, out var problem) ?? throw new ArgumentException(problem, nameof(batch));
        foreach (var other in others)
        {
            if (other.Id.Equals(batch.Id, StringComparison.OrdinalIgnoreCase))
                continue;
            if (RangeOf(other, out _) is { } otherRange && range.Overlaps(otherRange))
                throw new RefusedException(RefusalCode.BatchRangeOverlap,
                    $"SEID range {range} overlaps batch '{other.Id}' ({otherRange}): batches never share an SEID.");
        }
    }

    /// <summary>Refuses a new range that leaves out SEs registered under the batch (<paramref name="registered"/>: the SEIDs in its current range).</summary>
    public static void RequireKeepsRegistered(SeBatch batch, IReadOnlyCollection<string> registered)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(registered);
        var range = RangeOf(batch, out var problem) ?? throw new ArgumentException(problem, nameof(batch));
        var outside = registered.Where(seId => !range.Contains(seId)).ToList();
        if (outside.Count > 0)
            throw new RefusedException(RefusalCode.BatchHasSes,
                $"Batch '{batch.Id}' has {outside.Count} registered SE(s) outside the new range {range} (first: {outside[0]}): its range may only grow around them.");
    }

    /// <summary>Refuses the deletion of a batch that has registered SEs.</summary>
    public static void RequireNoRegistered(string batchId, int registered)
    {
        if (registered > 0)
            throw new RefusedException(RefusalCode.BatchHasSes, $"Batch '{batchId}' has registered SEs: a batch with SEs in service cannot be deleted.");
    }

    private static string? CheckReference(string? reference) =>
        string.IsNullOrWhiteSpace(reference) || reference.Length > 128 || reference.Any(char.IsControl)
            ? "a key service reference, 1 to 128 characters."
            : null;

    private static void CheckPresets(string name, IReadOnlyList<BatchPreset> presets, List<string> problems)
    {
        if (presets.Count > MaxPresets)
        {
            problems.Add($"{name}: at most {MaxPresets}.");
            return;
        }
        foreach (var preset in presets)
        {
            if (!HexRange.IsHex(preset.Aid, 10, 32, evenDigits: true))
                problems.Add($"{name}: AID '{Echo(preset.Aid)}' is not 5 to 16 bytes in hex.");
            if (!Enum.IsDefined(preset.MemoryType))
                problems.Add($"{name}: memoryType is ROM, Flash or EEPROM.");
            if (!Enum.IsDefined(preset.State))
                problems.Add($"{name}: state is loaded, installed, selectable, personalized or locked.");
        }
        var duplicates = presets.GroupBy(p => p.Aid, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            problems.Add($"{name}: {Echo(duplicates[0])} is listed more than once.");
    }

    private static string Echo(string? value)
    {
        var clean = new string((value ?? "").Where(c => !char.IsControl(c)).Take(33).ToArray());
        return clean.Length > 32 ? clean[..32] + "…" : clean;
    }
}
