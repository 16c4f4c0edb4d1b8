using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;
using Tsm.Protocol.Cap;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Management.Applications;

/// <summary>
/// The checks of an upload (requirements 5.4.2, 5.4.3; docs/management/applications.md, "Upload checks"): the structure
/// on its own (<see cref="Validate"/>), then against the parsed CAPs (<see cref="CheckCaps"/>): package AID = the declared
/// load file AID, applet AIDs ⊇ the declared modules, every import a platform package of the needed Java Card version,
/// a declared extension (library) or an earlier load file of the same upload. The first inconsistency is refused with the
/// file and AID it concerns.
/// </summary>
public static class ApplicationUploadCheck
{
    /// <summary>The most problems one refusal lists.</summary>
    private const int MaxListed = 10;

    /// <summary>
    /// The structure with every missing (null) text or list replaced by its empty value: JSON may omit or null any
    /// field, and the checks below then name it instead of failing.
    /// </summary>
    public static ApplicationManifest Normalize(ApplicationManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest with
        {
            Aid = manifest.Aid ?? "",
            Name = manifest.Name ?? "",
            ProviderVersion = manifest.ProviderVersion ?? "",
            SecurityDomainAid = manifest.SecurityDomainAid ?? "",
            LoadFiles = [.. (manifest.LoadFiles ?? []).Select(f => f is null ? new LoadFileManifest() : f with
            {
                Aid = f.Aid ?? "", File = f.File ?? "", DapSignature = f.DapSignature ?? "", Modules = [.. (f.Modules ?? []).Select(m => m ?? "")],
            })],
            Instances = [.. (manifest.Instances ?? []).Select(i => i is null ? new InstanceDefinition { ModuleAid = "", InstanceAid = "" } : i with
            {
                ModuleAid = i.ModuleAid ?? "", InstanceAid = i.InstanceAid ?? "", Privileges = i.Privileges ?? "00", InstallParameters = i.InstallParameters ?? "",
            })],
            MainModule = manifest.MainModule ?? "",
            Extensions = [.. (manifest.Extensions ?? []).Select(e => e ?? "")],
            UiName = manifest.UiName ?? "",
            UiUrl = manifest.UiUrl ?? "",
            Batches = [.. (manifest.Batches ?? []).Select(b => b ?? "")],
            JavaCardVersion = manifest.JavaCardVersion ?? "",
            Cms2acVersion = manifest.Cms2acVersion ?? "",
            Provinces = [.. (manifest.Provinces ?? []).Select(p => p ?? "")],
        };
    }

    /// <exception cref="RefusedException"><see cref="RefusalCode.ApplicationManifestInvalid"/>, naming every bad field.</exception>
    public static void Validate(ApplicationManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var problems = new List<string>();
        CheckAid(manifest.Aid, "aid", problems);
        if (manifest.Name.Trim().Length is 0 or > 100)
            problems.Add("name: 1 to 100 characters.");
        if (manifest.ProviderVersion.Length is 0 or > 16 || !manifest.ProviderVersion.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_'))
            problems.Add("providerVersion: 1 to 16 letters, digits, '.' or '_'.");
        CheckAid(manifest.SecurityDomainAid, "securityDomainAid", problems);
        if (manifest.LoadFiles.Count is 0 or > 16)
            problems.Add("loadFiles: 1 to 16 executable load files.");
        for (int i = 0; i < manifest.LoadFiles.Count; i++)
        {
            var file = manifest.LoadFiles[i];
            CheckAid(file.Aid, $"loadFiles[{i}].aid", problems);
            if (file.File.Length is 0 or > 200)
                problems.Add($"loadFiles[{i}].file: the name of the multipart file holding its CAP.");
            foreach (var module in file.Modules)
                CheckAid(module, $"loadFiles[{i}].modules", problems);
            if (file.DapSignature.Length > 0 && (file.DapSignature.Length % 2 != 0 || file.DapSignature.Length > 1024 || !file.DapSignature.All(Uri.IsHexDigit)))
                problems.Add($"loadFiles[{i}].dapSignature: hex, at most 512 bytes.");
        }
        if (Duplicates(manifest.LoadFiles.Select(f => f.Aid)) is { } dupFile)
            problems.Add($"loadFiles: load file {dupFile} is declared twice.");
        if (Duplicates(manifest.LoadFiles.Select(f => f.File)) is { } dupName)
            problems.Add($"loadFiles: file '{dupName}' is named by two load files.");
        var modules = manifest.LoadFiles.SelectMany(f => f.Modules).ToHashSet(StringComparer.OrdinalIgnoreCase);
        CheckAid(manifest.MainModule, "mainModule", problems);
        if (manifest.MainModule.Length > 0 && !modules.Contains(manifest.MainModule))
            problems.Add($"mainModule: {manifest.MainModule} is not a module of any declared load file.");
        if (manifest.Instances.Count is 0 or > 16)
            problems.Add("instances: 1 to 16 instances.");
        for (int i = 0; i < manifest.Instances.Count; i++)
        {
            var instance = manifest.Instances[i];
            CheckAid(instance.InstanceAid, $"instances[{i}].instanceAid", problems);
            if (!modules.Contains(instance.ModuleAid))
                problems.Add($"instances[{i}].moduleAid: {instance.ModuleAid} is not a module of any declared load file.");
            if (instance.Privileges.Length is not (2 or 6) || !instance.Privileges.All(Uri.IsHexDigit))
                problems.Add($"instances[{i}].privileges: 1 or 3 bytes in hex.");
            if (instance.InstallParameters.Length % 2 != 0 || instance.InstallParameters.Length > 2 * 127 || !instance.InstallParameters.All(Uri.IsHexDigit))
                problems.Add($"instances[{i}].installParameters: at most 127 bytes in hex.");
        }
        if (Duplicates(manifest.Instances.Select(i => i.InstanceAid)) is { } dupInstance)
            problems.Add($"instances: instance {dupInstance} is declared twice.");
        var main = manifest.Instances.FirstOrDefault(i => i.InstanceAid.Equals(manifest.Aid, StringComparison.OrdinalIgnoreCase));
        if (main is null)
            problems.Add($"instances: none has the application's AID {manifest.Aid} (the main instance).");
        else if (!main.ModuleAid.Equals(manifest.MainModule, StringComparison.OrdinalIgnoreCase))
            problems.Add($"mainModule: the main instance {manifest.Aid} is made from {main.ModuleAid}, not {manifest.MainModule}.");
        foreach (var extension in manifest.Extensions)
            CheckAid(extension, "extensions", problems);
        if (manifest.CodeNonVolatile < 0 || manifest.DataNonVolatile < 0 || manifest.InstanceNonVolatile < 0 || manifest.Volatile < 0)
            problems.Add("codeNonVolatile, dataNonVolatile, instanceNonVolatile, volatile: bytes, not negative.");
        if (manifest.UiUrl.Length > 0 && !(Uri.TryCreate(manifest.UiUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps))
            problems.Add("uiUrl: an absolute https URL.");
        if (manifest.UiName.Length > 100)
            problems.Add("uiName: at most 100 characters.");
        if (!Version.TryParse(manifest.JavaCardVersion, out var javaCard) || PlatformPackages.ColumnOf(javaCard) < 0)
            problems.Add($"javaCardVersion: a Java Card version, {PlatformPackages.JavaCardVersions[0]} or later (e.g. \"3.0.4\").");
        if (!Version.TryParse(manifest.Cms2acVersion, out _))
            problems.Add("cms2acVersion: a version such as \"1.0\".");
        foreach (var province in manifest.Provinces)
        {
            if (province.Length != 6 || !province.All(char.IsAsciiDigit) || !province.EndsWith("0000", StringComparison.Ordinal) || province == "000000")
                problems.Add($"provinces: '{Echo(province)}' is not a province code (6 digits ending in 0000).");
        }
        if (!Enum.IsDefined(manifest.Issuance) || !Enum.IsDefined(manifest.Deletion) || !Enum.IsDefined(manifest.MemoryType))
            problems.Add("issuance, deletion, memoryType: one of the documented names.");
        if (manifest.Issuance == IssuanceMode.PersonalizePreset && manifest.Personalization is null && !manifest.NeedsPersonalization)
            problems.Add("issuance: an application issued by personalizing a preset copy needs personalization.");
        if (manifest.Personalization is { Fields: null })
            problems.Add("personalization.fields: the template's DGIs.");
        if (problems.Count > 0)
            throw new RefusedException(RefusalCode.ApplicationManifestInvalid, string.Join(" ", problems.Take(MaxListed))
                + (problems.Count > MaxListed ? $" (and {problems.Count - MaxListed} more problems)" : ""));
    }

    /// <summary>
    /// Checks the parsed CAPs (<paramref name="caps"/>: each uploaded file by its name, with the SHA-1 of its bytes, its
    /// store key) against the structure and answers the engine's load files, in the structure's order.
    /// <paramref name="findLibrary"/> answers the catalogue's library of an AID, or null.
    /// </summary>
    /// <exception cref="RefusedException"><see cref="RefusalCode.CapInconsistent"/>, naming the file and the AID.</exception>
    public static IReadOnlyList<LoadFileDefinition> CheckCaps(
        ApplicationManifest manifest, IReadOnlyDictionary<string, (CapFile Cap, string FileSha1)> caps, Func<string, LibraryDefinition?> findLibrary)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(caps);
        ArgumentNullException.ThrowIfNull(findLibrary);
        foreach (var extension in manifest.Extensions)
        {
            if (findLibrary(extension) is null)
                Refuse($"Extension {extension} is not a library of the catalogue: an operator uploads it first.");
        }
        foreach (var name in caps.Keys)
        {
            if (!manifest.LoadFiles.Any(f => f.File.Equals(name, StringComparison.Ordinal)))
                Refuse($"File '{Echo(name)}' is not named by any load file of the structure.");
        }
        var javaCard = Version.Parse(manifest.JavaCardVersion);
        var loaded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<LoadFileDefinition>();
        foreach (var file in manifest.LoadFiles)
        {
            if (!caps.TryGetValue(file.File, out var entry))
                Refuse($"Load file {file.Aid}: no uploaded file is named '{Echo(file.File)}'.");
            var cap = entry.Cap;
            if (!cap.PackageAid.Equals(file.Aid, StringComparison.OrdinalIgnoreCase))
                Refuse($"File '{Echo(file.File)}': its package AID is {cap.PackageAid}, the structure declares load file {file.Aid}.");
            foreach (var module in file.Modules)
            {
                if (!cap.AppletAids.Contains(module, StringComparer.OrdinalIgnoreCase))
                    Refuse($"File '{Echo(file.File)}' (load file {file.Aid}) has no applet {module}; its applets are {List(cap.AppletAids)}.");
            }
            // LOAD numbers blocks 00 to FF (GP 2.2.1 §11.6.2.2): beyond 256 blocks of the largest size no card can take it.
            // (The download checks again with the configured block size and the DAP block: docs/ota.md, "Downloads".)
            var encoded = LoadFileBuilder.Build(cap.LoadFileDataBlock.Bytes.Span).Length;
            if (encoded > LoadFileBuilder.MaxBlocks * LoadFileBuilder.DefaultMaxBlockSize)
                Refuse($"File '{Echo(file.File)}' (load file {file.Aid}) is {encoded} bytes as a load file: more than LOAD's "
                    + $"{LoadFileBuilder.MaxBlocks} blocks of at most {LoadFileBuilder.DefaultMaxBlockSize} bytes can carry.");
            foreach (var import in cap.Imports)
            {
                if (loaded.Contains(import.Aid) || manifest.Extensions.Contains(import.Aid, StringComparer.OrdinalIgnoreCase))
                    continue;
                if (!PlatformPackages.Provides(javaCard, import, out var reason))
                    Refuse($"File '{Echo(file.File)}' (load file {file.Aid}) imports {import.Aid} {import.Version}: {reason}, "
                        + "nor a declared extension or an earlier load file of the application.");
            }
            loaded.Add(file.Aid);
            result.Add(new LoadFileDefinition
            {
                Aid = cap.PackageAid,
                CapFile = StoredCap.Reference(entry.FileSha1),
                Modules = [.. file.Modules.Select(m => m.ToUpperInvariant())],
                LoadFileHash = cap.LoadFileDataBlockSha1,
                DapSignature = file.DapSignature.ToUpperInvariant(),
            });
        }
        return result;
    }

    /// <summary>The application's SD must be an approved SD (one the catalogue knows) of the uploading provider.</summary>
    /// <exception cref="RefusedException"><see cref="RefusalCode.SecurityDomainNotUsable"/>.</exception>
    public static void CheckSecurityDomain(string aid, SecurityDomainDefinition? domain, string provider)
    {
        if (domain is null)
            throw new RefusedException(RefusalCode.SecurityDomainNotUsable, $"Security domain {aid} is not an approved security domain.");
        if (!domain.Owner.Equals(provider, StringComparison.Ordinal))
            throw new RefusedException(RefusalCode.SecurityDomainNotUsable, $"Security domain {aid} is not one of provider {provider}'s.");
    }

    private static void CheckAid(string aid, string field, List<string> problems)
    {
        if (aid.Length is < 10 or > 32 || aid.Length % 2 != 0 || !aid.All(Uri.IsHexDigit))
            problems.Add($"{field}: '{Echo(aid)}' is not an AID (5 to 16 bytes in hex).");
    }

    private static string? Duplicates(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1)?.Key;

    private static string List(IReadOnlyList<string> aids) => aids.Count == 0 ? "none" : string.Join(", ", aids);

    private static string Echo(string value)
    {
        var clean = new string(value.Where(c => !char.IsControl(c)).Take(65).ToArray());
        return clean.Length > 64 ? clean[..64] + "…" : clean;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Refuse(string detail) => throw new RefusedException(RefusalCode.CapInconsistent, detail);

}
