using Tsm.Grains.Catalogue;
using Tsm.Grains.Management.Applications;
using Tsm.Grains.Ota;
using Tsm.Protocol.Cap;

namespace Tsm.Grains.Tests.Management;

/// <summary>The checks of an upload's structure and CAPs (requirements 5.4.2, 5.4.3).</summary>
public sealed class ApplicationUploadCheckTests
{
    private const string Package = "A0000007770101";
    private const string Module = "A000000777010101";
    private const string Library = "A0000007770F01";

    private static readonly ApplicationManifest Valid = new()
    {
        Aid = Module,
        Name = "Transit card",
        ProviderVersion = "1.0",
        SecurityDomainAid = "A000000151535300AA",
        LoadFiles = [new LoadFileManifest { Aid = Package, File = "transit.cap", Modules = [Module] }],
        Instances = [new InstanceDefinition { ModuleAid = Module, InstanceAid = Module }],
        MainModule = Module,
        JavaCardVersion = "3.0.4",
        Cms2acVersion = "1.0",
    };

    private static Dictionary<string, (CapFile, string)> Caps(byte[] cap, string name = "transit.cap") =>
        new() { [name] = (CapFile.Parse(cap), "00112233445566778899AABBCCDDEEFF00112233") };

    private static LibraryDefinition? NoLibrary(string aid) => null;

    private static RefusedException Refused(Action action) => Assert.Throws<RefusedException>(action);

    [Fact]
    public void A_consistent_upload_answers_its_load_files_with_hashes()
    {
        ApplicationUploadCheck.Validate(Valid);
        var cap = CapWriter.Synthetic(Package, [Module], 2000);
        var files = ApplicationUploadCheck.CheckCaps(Valid, Caps(cap), NoLibrary);
        var file = Assert.Single(files);
        Assert.Equal((Package, "stored:00112233445566778899AABBCCDDEEFF00112233", CapFile.Parse(cap).LoadFileDataBlockSha1),
            (file.Aid, file.CapFile, file.LoadFileHash));
    }

    [Theory]
    [InlineData("aid")]
    [InlineData("providerVersion")]
    [InlineData("mainModule")]
    [InlineData("instances")]
    [InlineData("javaCardVersion")]
    [InlineData("provinces")]
    [InlineData("uiUrl")]
    public void A_bad_field_is_named(string field)
    {
        var manifest = field switch
        {
            "aid" => Valid with { Aid = "A0" },
            "providerVersion" => Valid with { ProviderVersion = "1/2" },
            "mainModule" => Valid with { MainModule = "A000000777010199" },
            "instances" => Valid with { Instances = [new InstanceDefinition { ModuleAid = Module, InstanceAid = "A000000777010102" }] },
            "javaCardVersion" => Valid with { JavaCardVersion = "2.0" },
            "provinces" => Valid with { Provinces = ["440100"] },
            _ => Valid with { UiUrl = "http://example.com/app" },
        };
        var refused = Refused(() => ApplicationUploadCheck.Validate(manifest));
        Assert.Equal(RefusalCode.ApplicationManifestInvalid, refused.Refusal.Code);
        Assert.Contains(field + ":", refused.Refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_AID_other_than_declared_is_refused_naming_file_and_AIDs()
    {
        var refused = Refused(() => ApplicationUploadCheck.CheckCaps(Valid, Caps(CapWriter.Synthetic("A0000007770199", [Module], 2000)), NoLibrary));
        Assert.Equal(RefusalCode.CapInconsistent, refused.Refusal.Code);
        Assert.Contains("'transit.cap'", refused.Refusal.Detail, StringComparison.Ordinal);
        Assert.Contains("A0000007770199", refused.Refusal.Detail, StringComparison.Ordinal);
        Assert.Contains(Package, refused.Refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_module_missing_from_the_applets_is_refused()
    {
        var refused = Refused(() => ApplicationUploadCheck.CheckCaps(Valid, Caps(CapWriter.Synthetic(Package, ["A000000777010102"], 2000)), NoLibrary));
        Assert.Contains($"no applet {Module}", refused.Refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_import_is_a_platform_package_of_the_needed_version_or_a_declared_library()
    {
        var withLibrary = CapWriter.Synthetic(Package, [Module], 2000,
            [new CapImport("A0000000620101", new CapVersion(1, 5)), new CapImport(Library, new CapVersion(1, 0))]);

        var unknown = Refused(() => ApplicationUploadCheck.CheckCaps(Valid, Caps(withLibrary), NoLibrary));
        Assert.Contains($"imports {Library} 1.0", unknown.Refusal.Detail, StringComparison.Ordinal);

        var declared = Valid with { Extensions = [Library] };
        var missing = Refused(() => ApplicationUploadCheck.CheckCaps(declared, Caps(withLibrary), NoLibrary));
        Assert.Contains($"Extension {Library} is not a library", missing.Refusal.Detail, StringComparison.Ordinal);

        var library = new LibraryDefinition { Aid = Library, LoadFile = new LoadFileDefinition { Aid = Library, CapFile = "stored:AB" } };
        Assert.Single(ApplicationUploadCheck.CheckCaps(declared, Caps(withLibrary), aid => aid == Library ? library : null));

        var tooOld = Refused(() => ApplicationUploadCheck.CheckCaps(declared with { JavaCardVersion = "2.2.2" }, Caps(withLibrary), _ => library));
        Assert.Contains("javacard.framework (A0000000620101) 1.5 is newer than Java Card 2.2.2 provides (1.3)", tooOld.Refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_load_file_may_import_an_earlier_one_but_not_the_reverse()
    {
        const string Base = "A0000007770102";
        var baseCap = CapWriter.Synthetic(Base, [], 1000);
        var appCap = CapWriter.Synthetic(Package, [Module], 2000, [new CapImport("A0000000620101", new CapVersion(1, 2)), new CapImport(Base, new CapVersion(1, 0))]);
        var caps = new Dictionary<string, (CapFile, string)>
        {
            ["base.cap"] = (CapFile.Parse(baseCap), "AA"),
            ["transit.cap"] = (CapFile.Parse(appCap), "BB"),
        };
        var ordered = Valid with { LoadFiles = [new LoadFileManifest { Aid = Base, File = "base.cap" }, .. Valid.LoadFiles] };
        Assert.Equal([Base, Package], ApplicationUploadCheck.CheckCaps(ordered, caps, NoLibrary).Select(f => f.Aid));

        var reversed = Valid with { LoadFiles = [.. Valid.LoadFiles, new LoadFileManifest { Aid = Base, File = "base.cap" }] };
        Assert.Contains($"imports {Base}", Refused(() => ApplicationUploadCheck.CheckCaps(reversed, caps, NoLibrary)).Refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_not_named_and_names_without_files_are_refused()
    {
        var cap = CapWriter.Synthetic(Package, [Module], 2000);
        Assert.Contains("'other.cap' is not named", Refused(() => ApplicationUploadCheck.CheckCaps(Valid,
            new Dictionary<string, (CapFile, string)> { ["transit.cap"] = (CapFile.Parse(cap), "AA"), ["other.cap"] = (CapFile.Parse(cap), "BB") }, NoLibrary)).Refusal.Detail, StringComparison.Ordinal);
        Assert.Contains("no uploaded file is named 'transit.cap'", Refused(() => ApplicationUploadCheck.CheckCaps(Valid, new Dictionary<string, (CapFile, string)>(), NoLibrary)).Refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_security_domain_must_be_approved_and_the_providers_own()
    {
        ApplicationUploadCheck.CheckSecurityDomain("A000000151535300AA", new SecurityDomainDefinition { Aid = "A000000151535300AA", Owner = "bank" }, "bank");
        Assert.Equal(RefusalCode.SecurityDomainNotUsable, Refused(() => ApplicationUploadCheck.CheckSecurityDomain("A000000151535300AA", null, "bank")).Refusal.Code);
        Assert.Contains("not one of provider bank's", Refused(() => ApplicationUploadCheck.CheckSecurityDomain("A000000151535300AA",
            new SecurityDomainDefinition { Aid = "A000000151535300AA", Owner = "other" }, "bank")).Refusal.Detail, StringComparison.Ordinal);
    }
}
