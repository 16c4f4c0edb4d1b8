using System.Globalization;
using Microsoft.Extensions.Options;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Configuration;

/// <summary>The catalogue and wallet options are checked at start (docs/configuration.md, "Validation").</summary>
public sealed class OptionsValidationTests
{
    private static SeBatch Batch(string id = "demo", string from = "86000000000000000000", string to = "86FFFFFFFFFFFFFFFFFF") =>
        new() { Id = id, SeIdFrom = from, SeIdTo = to, MasterKeyRef = "gp-test" };

    private static ApplicationDefinition Application(string aid = "A000000333010101") => new()
    {
        Aid = aid,
        LoadFileAid = "A0000003330101",
        Instances = [new InstanceDefinition { ModuleAid = aid, InstanceAid = aid }],
        CapFile = "demo:8192",
    };

    [Fact]
    public void The_shipped_demo_catalogue_is_valid()
    {
        var result = new CatalogueOptionsValidator().Validate(null, new CatalogueOptions { Batches = [Batch()], Applications = [Application()], TestNumbers = ["13800138000"] });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    public static TheoryData<string, CatalogueOptions> BadCatalogues() => new()
    {
        { "Catalogue:Batches:1:Id 'demo' is used by another batch", new CatalogueOptions { Batches = [Batch(), Batch()] } },
        { "Catalogue:Batches:0: SeIdFrom and SeIdTo must be hex", new CatalogueOptions { Batches = [Batch(from: "86zz")] } },
        { "Catalogue:Batches:0: SeIdFrom and SeIdTo must be hex SE ids of the same length", new CatalogueOptions { Batches = [Batch(to: "86FF")] } },
        { "Catalogue:Batches:0: SeIdFrom must not be above SeIdTo", new CatalogueOptions { Batches = [Batch(from: "87000000000000000000")] } },
        { "Catalogue:Batches:0:MasterKeyRef is required", new CatalogueOptions { Batches = [Batch() with { MasterKeyRef = "" }] } },
        { "Catalogue:Batches:0:IsdAid must be an AID", new CatalogueOptions { Batches = [Batch() with { IsdAid = "A000" }] } },
        { "Catalogue:Applications:1:Aid A000000333010101 is used by another application", new CatalogueOptions { Applications = [Application(), Application()] } },
        { "Catalogue:Applications:0:Instances needs at least one instance", new CatalogueOptions { Applications = [Application() with { Instances = [] }] } },
        { "Catalogue:Applications:0:CapFile is required", new CatalogueOptions { Applications = [Application() with { CapFile = " " }] } },
        { "Catalogue:Applications:0:LoadFileAid must be an AID", new CatalogueOptions { Applications = [Application() with { LoadFileAid = "A00000033301010101010101010101010101" }] } },
        { "Catalogue:TestNumbers:0 must be 5 to 15 digits", new CatalogueOptions { TestNumbers = ["138-0013"] } },
    };

    [Theory]
    [MemberData(nameof(BadCatalogues))]
    public void A_bad_catalogue_entry_is_named_by_its_key(string expected, CatalogueOptions options)
    {
        var result = new CatalogueOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Wallet:LostSeIds:0 must be a hex SE id", "LostSeIds", "not-hex")]
    [InlineData("Wallet:RetiredMsisdns:0 must be 5 to 15 digits", "RetiredMsisdns", "12")]
    [InlineData("Wallet:TokenValidityDays must be 1 to 3650", "TokenValidityDays", "0")]
    [InlineData("Wallet:ActivationTimeout must be positive", "ActivationTimeout", "-00:00:01")]
    public void A_bad_wallet_option_is_named_by_its_key(string expected, string property, string value)
    {
        var options = new WalletOptions();
        switch (property)
        {
            case "LostSeIds":
                options.LostSeIds.Add(value);
                break;
            case "RetiredMsisdns":
                options.RetiredMsisdns.Add(value);
                break;
            case "TokenValidityDays":
                options.TokenValidityDays = int.Parse(value, CultureInfo.InvariantCulture);
                break;
            default:
                options.ActivationTimeout = TimeSpan.Parse(value, CultureInfo.InvariantCulture);
                break;
        }

        var result = new WalletOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new WalletOptionsValidator().Validate(null, new WalletOptions()).Succeeded);
    }

    [Theory]
    [InlineData("--Catalogue:Batches:0:SeIdTo", "86FF", "Catalogue:Batches:0: SeIdFrom and SeIdTo must be hex SE ids of the same length")]
    [InlineData("--Catalogue:Applications:0:Aid", "A0", "Catalogue:Applications:0:Aid must be an AID")]
    [InlineData("--Wallet:TokenValidityDays", "0", "Wallet:TokenValidityDays must be 1 to 3650")]
    public async Task The_gateway_does_not_start_with_a_bad_value_and_says_which_key(string key, string value, string expected)
    {
        var error = await FailedStart.RunAsync(key, value);

        Assert.Contains(expected, Assert.IsType<OptionsValidationException>(error).Message, StringComparison.Ordinal);
    }
}
