using Microsoft.Extensions.Options;

namespace Tsm.Grains.Catalogue;

/// <summary>
/// Checks the catalogue seeded from configuration (section "Catalogue", docs/configuration.md) at start, so that a
/// typo stops the gateway with the key at fault instead of surfacing as a failed task later: batch ids unique, SEID
/// ranges hex of one length and in order, master key references given, AIDs hex of 5 to 16 bytes and unique, each
/// application with its instances and CAP file, sizes not negative, test numbers digits.
/// </summary>
public sealed class CatalogueOptionsValidator : IValidateOptions<CatalogueOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var batchIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Batches.Count; i++)
        {
            var batch = options.Batches[i];
            var key = $"Catalogue:Batches:{i}";
            if (string.IsNullOrWhiteSpace(batch.Id))
                failures.Add($"{key}:Id is required.");
            else if (!batchIds.Add(batch.Id))
                failures.Add($"{key}:Id '{batch.Id}' is used by another batch.");
            if (!IsHex(batch.SeIdFrom) || !IsHex(batch.SeIdTo) || batch.SeIdFrom.Length != batch.SeIdTo.Length)
                failures.Add($"{key}: SeIdFrom and SeIdTo must be hex SE ids of the same length.");
            else if (string.Compare(batch.SeIdFrom, batch.SeIdTo, StringComparison.OrdinalIgnoreCase) > 0)
                failures.Add($"{key}: SeIdFrom must not be above SeIdTo.");
            if (string.IsNullOrWhiteSpace(batch.MasterKeyRef))
                failures.Add($"{key}:MasterKeyRef is required (a key name of KeyService:MasterKeys or an imported key).");
            foreach (var (kvn, reference) in batch.MasterKeyRefs)
            {
                if (!IsHex(kvn) || kvn.Length != 2 || string.IsNullOrWhiteSpace(reference))
                    failures.Add($"{key}:MasterKeyRefs:{kvn} must map a key version (two hex digits) to a key reference.");
            }
            CheckAid(failures, $"{key}:IsdAid", batch.IsdAid);
            if (batch.InitialNonVolatile < 0 || batch.InitialVolatile < 0)
                failures.Add($"{key}: InitialNonVolatile and InitialVolatile must not be negative.");
        }

        var applicationAids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Applications.Count; i++)
        {
            var application = options.Applications[i];
            var key = $"Catalogue:Applications:{i}";
            if (CheckAid(failures, $"{key}:Aid", application.Aid) && !applicationAids.Add(application.Aid))
                failures.Add($"{key}:Aid {application.Aid} is used by another application.");
            CheckAid(failures, $"{key}:LoadFileAid", application.LoadFileAid);
            if (application.Instances is null || application.Instances.Count == 0)
                failures.Add($"{key}:Instances needs at least one instance (ModuleAid, InstanceAid).");
            else
            {
                for (var j = 0; j < application.Instances.Count; j++)
                {
                    CheckAid(failures, $"{key}:Instances:{j}:ModuleAid", application.Instances[j].ModuleAid);
                    CheckAid(failures, $"{key}:Instances:{j}:InstanceAid", application.Instances[j].InstanceAid);
                }
            }
            if (string.IsNullOrWhiteSpace(application.CapFile))
                failures.Add($"{key}:CapFile is required (a path under the content root, or demo:SIZE).");
            if (application.NonVolatileData < 0 || application.VolatileData < 0)
                failures.Add($"{key}: NonVolatileData and VolatileData must not be negative.");
        }

        for (var i = 0; i < options.SecurityDomains.Count; i++)
            CheckAid(failures, $"Catalogue:SecurityDomains:{i}:Aid", options.SecurityDomains[i].Aid);
        for (var i = 0; i < options.Libraries.Count; i++)
            CheckAid(failures, $"Catalogue:Libraries:{i}:Aid", options.Libraries[i].Aid);
        for (var i = 0; i < options.TestNumbers.Count; i++)
        {
            if (!IsNumber(options.TestNumbers[i]))
                failures.Add($"Catalogue:TestNumbers:{i} must be 5 to 15 digits.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool CheckAid(List<string> failures, string key, string? aid)
    {
        if (aid is not null && IsHex(aid) && aid.Length is >= 10 and <= 32)
            return true;
        failures.Add($"{key} must be an AID: 5 to 16 bytes of hex.");
        return false;
    }

    /// <summary>Hex digits, an even number of them (at least two).</summary>
    internal static bool IsHex(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length % 2 == 0 && value.All(char.IsAsciiHexDigit);

    /// <summary>An MSISDN: 5 to 15 digits.</summary>
    internal static bool IsNumber(string? value) =>
        value is { Length: >= 5 and <= 15 } && value.All(char.IsAsciiDigit);
}
