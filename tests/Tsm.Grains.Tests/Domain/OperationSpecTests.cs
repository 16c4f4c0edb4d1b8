using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Domain;

/// <summary>Operations are checked once, where they are made: a malformed one never reaches a queue.</summary>
public sealed class OperationSpecTests
{
    [Fact]
    public void An_application_operation_keeps_its_aid_upper_case_and_says_its_kind()
    {
        var download = new DownloadOperation("a000000333010101");
        Assert.Equal("A000000333010101", download.ApplicationAid);
        Assert.Equal(OperationKind.Download, download.Kind);
        Assert.Equal("download", download.Name);
        Assert.Equal("create-security-domain", new CreateSecurityDomainOperation("A0000001515350AA").Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("A0")]
    [InlineData("A00000033301010G")]
    [InlineData("A000000333010101A000000333010101AA")]
    public void A_bad_aid_is_refused(string aid) =>
        Assert.Equal(RefusalCode.ApplicationNotNamed, Assert.Throws<RefusedException>(() => new LockOperation(aid)).Code);

    [Fact]
    public void Application_commands_are_one_to_64_c_apdus_normalized()
    {
        var operation = new ApplicationCommandsOperation("A000000333010101", ["80ca9f7f00"]);
        Assert.Equal(["80CA9F7F00"], operation.Commands);
        Assert.Equal(RefusalCode.BadCommands, Assert.Throws<RefusedException>(() => new ApplicationCommandsOperation("A000000333010101", [])).Code);
        Assert.Equal(RefusalCode.BadCommands, Assert.Throws<RefusedException>(() => new ApplicationCommandsOperation("A000000333010101", ["80"])).Code);
        Assert.Equal(RefusalCode.BadCommands, Assert.Throws<RefusedException>(() => new ApplicationCommandsOperation("A000000333010101", [.. Enumerable.Repeat("80CA9F7F00", 65)])).Code);
    }

    [Theory]
    [InlineData(0, null, RefusalCode.BadPersonalizationMode)]
    [InlineData(4, "00", RefusalCode.BadPersonalizationMode)]
    [InlineData(2, null, RefusalCode.BadPersonalizationData)]
    [InlineData(3, "XYZ", RefusalCode.BadPersonalizationData)]
    public void Personalization_input_is_checked_by_mode(int mode, string? data, RefusalCode code) =>
        Assert.Equal(code, Assert.Throws<RefusedException>(() => new PersonalizeOperation("A000000333010101", new PersonalizationInput(mode, data))).Code);

    [Fact]
    public void Mode_1_needs_its_commands()
    {
        Assert.Equal(RefusalCode.BadCommands, Assert.Throws<RefusedException>(() => new PersonalizeOperation("A000000333010101", new PersonalizationInput(1))).Code);
        Assert.Equal(["00A4040000"], new PersonalizeOperation("A000000333010101", new PersonalizationInput(1, Commands: ["00a4040000"])).Input.Commands);
    }

    [Fact]
    public void A_provider_key_set_is_three_keys_with_kcvs_and_a_version_01_to_7f()
    {
        var key = new string('1', 32);
        var good = new ProviderKeySet(0x31, [key, key, key], ["AAAAAA", "BBBBBB", "CCCCCC"]);
        Assert.Equal(good, new CreateSecurityDomainOperation("A0000001515350AA", good).ProviderKeys);
        Assert.Equal(RefusalCode.BadKeyVersion, Assert.Throws<RefusedException>(() => new UpdateSecurityDomainKeysOperation("A0000001515350AA", good with { KeyVersion = 0x80 })).Code);
        Assert.Equal(RefusalCode.BadKeySet, Assert.Throws<RefusedException>(() => new UpdateSecurityDomainKeysOperation("A0000001515350AA", good with { KeysUnderKek = [key, key] })).Code);
        Assert.Equal(RefusalCode.BadKeySet, Assert.Throws<RefusedException>(() => new UpdateSecurityDomainKeysOperation("A0000001515350AA", good with { KeyCheckValues = ["AA", "BB", "CC"] })).Code);
    }

    [Fact]
    public void A_key_update_without_an_sd_is_the_isds()
    {
        Assert.Null(new UpdateSecurityDomainKeysOperation().SecurityDomainAid);
        Assert.Null(new UpdateSecurityDomainKeysOperation("").SecurityDomainAid);
    }

    [Fact]
    public void A_registration_never_shows_its_token() =>
        Assert.DoesNotContain("0011223344", new RegisterOperation("3108103100F8", "00112233445566778899AABBCCDDEEFF", "0102030405060708").ToString(), StringComparison.Ordinal);
}
