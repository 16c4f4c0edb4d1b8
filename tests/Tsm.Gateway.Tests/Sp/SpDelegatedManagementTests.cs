using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Api.Delegated;
using Tsm.Gateway.ServiceProviders;
using Tsm.Grains.Keys;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Gateway.Tests.Sp;

/// <summary>
/// The Delegated Management interface and DAP signing for business platforms (requirement 5.8.9.3; GP 2.2.1 Appendix
/// C) over real HTTP: tokens for a provider's token-mode SD, token and receipt checks, DAP signatures; who may ask, and
/// every kind of bad input answered as problem details.
/// </summary>
[Collection(DelegatedGatewayCollection.Name)]
public sealed class SpDelegatedManagementTests(DelegatedGatewayFixture gateway)
{
    private async Task<HttpResponseMessage> PostAsync(string path, object body, string key = DelegatedSetup.BankKey) =>
        await gateway.Client.SendAsync(SpSetup.Request(HttpMethod.Post, path, key, body));

    private static CommandApdu UnsignedLoad => InstallCommand.ForLoad(Aid.Parse("A000000001"), null, new byte[20]).ToApdu();

    [Fact]
    public async Task A_token_for_the_providers_token_mode_sd_verifies_under_the_token_key_and_through_the_check()
    {
        using var response = await PostAsync(DelegatedManagementApi.TokensPath, new { securityDomainAid = DelegatedSetup.TokenSd, command = UnsignedLoad.ToHex() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<TokenResult>())!;
        var command = CommandApdu.Parse(result.Command);
        Assert.Equal(result.Token, Hex.Format(((InstallForLoad)InstallCommand.Parse(command)).Token.Span));
        Assert.True(DelegatedToken.Verify(DelegatedSetup.TokenKey, command));

        using var check = await PostAsync(DelegatedManagementApi.TokenChecksPath, new { command = result.Command }, DelegatedSetup.OtherKey);
        Assert.True((await check.Content.ReadFromJsonAsync<CheckResult>())!.Valid);
        var forged = DelegatedToken.Attach(InstallCommand.ForLoad(Aid.Parse("A000000002"), null, new byte[20]).ToApdu(), Hex.Parse(result.Token));
        using var forgedCheck = await PostAsync(DelegatedManagementApi.TokenChecksPath, new { command = forged.ToHex() });
        Assert.False((await forgedCheck.Content.ReadFromJsonAsync<CheckResult>())!.Valid);
    }

    [Theory]
    [InlineData(DelegatedSetup.TokenSd, "80E2900003010203", DelegatedSetup.BankKey, HttpStatusCode.BadRequest)] // STORE DATA has no token
    [InlineData(DelegatedSetup.TokenSd, "80E6", DelegatedSetup.BankKey, HttpStatusCode.BadRequest)]
    [InlineData(DelegatedSetup.TokenSd, "zz", DelegatedSetup.BankKey, HttpStatusCode.BadRequest)]
    [InlineData("A0", null, DelegatedSetup.BankKey, HttpStatusCode.BadRequest)]
    [InlineData(DelegatedSetup.TokenSd, null, DelegatedSetup.OtherKey, HttpStatusCode.Forbidden)]
    [InlineData(DelegatedSetup.PlainSd, null, DelegatedSetup.BankKey, HttpStatusCode.Conflict)]
    [InlineData("A0000001515353FFFF", null, DelegatedSetup.BankKey, HttpStatusCode.NotFound)]
    public async Task Tokens_are_refused_with_problem_details(string sd, string? command, string key, HttpStatusCode status)
    {
        using var response = await PostAsync(DelegatedManagementApi.TokensPath, new { securityDomainAid = sd, command = command ?? UnsignedLoad.ToHex() }, key);
        await HttpAssert.ProblemAsync(response, status);
    }

    [Fact]
    public async Task Every_route_needs_a_business_platform()
    {
        foreach (var path in new[] { DelegatedManagementApi.TokensPath, DelegatedManagementApi.TokenChecksPath, DelegatedManagementApi.ReceiptChecksPath, DelegatedManagementApi.DapSignaturesPath })
        {
            using var anonymous = await gateway.Anonymous.SendAsync(SpSetup.Request(HttpMethod.Post, path, null, new { }));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var wrongKey = await gateway.Anonymous.SendAsync(SpSetup.Request(HttpMethod.Post, path, "not-a-platform-key-000000000000", new { }));
            Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        }
        // An operator's account is no business platform.
        using var operatorCall = await gateway.Client.PostAsJsonAsync(DelegatedManagementApi.TokenChecksPath, new { command = UnsignedLoad.ToHex() });
        Assert.True(operatorCall.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{(int)operatorCall.StatusCode}");
    }

    [Fact]
    public async Task A_cards_receipt_is_checked_against_what_was_asked()
    {
        var confirmation = new ConfirmationData(5, Hex.Parse("4201" + "45080102030405060708"));
        var elf = Aid.Parse("A000000001");
        var receipt = Receipt.ComputeDes(DelegatedSetup.ReceiptKey, ReceiptData.Delete(confirmation, elf));
        var response = Hex.Format(new Confirmation(receipt, confirmation).ToResponseData());

        using var ok = await PostAsync(DelegatedManagementApi.ReceiptChecksPath, new { operation = "delete", response, aids = new[] { "A000000001" } });
        var result = (await ok.Content.ReadFromJsonAsync<CheckResult>())!;
        Assert.True(result.Valid);
        Assert.Equal(5, result.ConfirmationCounter);
        using var other = await PostAsync(DelegatedManagementApi.ReceiptChecksPath, new { operation = "delete", response, aids = new[] { "A000000002" } });
        Assert.False((await other.Content.ReadFromJsonAsync<CheckResult>())!.Valid);

        using var none = await PostAsync(DelegatedManagementApi.ReceiptChecksPath, new { operation = "delete", response = "00", aids = new[] { "A000000001" } });
        await HttpAssert.ProblemAsync(none, HttpStatusCode.UnprocessableEntity);
        using var garbage = await PostAsync(DelegatedManagementApi.ReceiptChecksPath, new { operation = "delete", response = "0599", aids = new[] { "A000000001" } });
        await HttpAssert.ProblemAsync(garbage, HttpStatusCode.BadRequest);
        using var unknownOperation = await PostAsync(DelegatedManagementApi.ReceiptChecksPath, new { operation = "personalize", response, aids = new[] { "A000000001" } });
        await HttpAssert.ProblemAsync(unknownOperation, HttpStatusCode.BadRequest);
        using var tooFewAids = await PostAsync(DelegatedManagementApi.ReceiptChecksPath, new { operation = "load", response, aids = new[] { "A000000001" } });
        await HttpAssert.ProblemAsync(tooFewAids, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_platform_signs_a_dap_only_for_the_owner_of_the_sd()
    {
        var hash = SHA1.HashData(new byte[] { 1, 2, 3 });
        using var ok = await PostAsync(DelegatedManagementApi.DapSignaturesPath, new { securityDomainAid = DelegatedSetup.DapSd, loadFileDataBlockHash = Hex.Format(hash) });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var result = (await ok.Content.ReadFromJsonAsync<DapSignResult>())!;
        var expected = DapSignature.ComputeDes(DelegatedSetup.DapKey, hash);
        Assert.Equal(Hex.Format(expected), result.Signature);
        var block = LoadFileParser.Parse(Hex.Parse(result.DapBlock + "C40100")).DapBlocks.Single();
        Assert.Equal(DelegatedSetup.DapSd, block.SecurityDomainAid.ToString());
        Assert.Equal(expected, block.Signature.ToArray());

        using var other = await PostAsync(DelegatedManagementApi.DapSignaturesPath, new { securityDomainAid = DelegatedSetup.DapSd, loadFileDataBlockHash = Hex.Format(hash) }, DelegatedSetup.OtherKey);
        await HttpAssert.ProblemAsync(other, HttpStatusCode.Forbidden);
        using var unknown = await PostAsync(DelegatedManagementApi.DapSignaturesPath, new { securityDomainAid = DelegatedSetup.PlainSd, loadFileDataBlockHash = Hex.Format(hash) });
        await HttpAssert.ProblemAsync(unknown, HttpStatusCode.NotFound);
        using var shortHash = await PostAsync(DelegatedManagementApi.DapSignaturesPath, new { securityDomainAid = DelegatedSetup.DapSd, loadFileDataBlockHash = "0102" });
        await HttpAssert.ProblemAsync(shortHash, HttpStatusCode.BadRequest);
    }
}

/// <summary>The gateway configuration of the delegated-management tests: a Token key file, a Receipt key, a DAP key, SDs.</summary>
public static class DelegatedSetup
{
    public const string BankKey = "bank-platform-api-key-0001";
    public const string OtherKey = "other-platform-api-key-0003";
    public const string TokenSd = "A000000151535300D4";
    public const string PlainSd = "A000000151535300D2";
    public const string DapSd = "A000000151535300D3";
    private const string StorageKey = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";

    public static readonly byte[] ReceiptKey = Hex.Parse("0F0E0D0C0B0A09080706050403020100");
    public static readonly byte[] DapKey = Hex.Parse("00112233445566778899AABBCCDDEEFF");

    /// <summary>The Card Issuer's Token key; its private half goes to the gateway as a PEM file.</summary>
    public static RSA TokenKey { get; } = RSA.Create(1024);

    public static string[] Arguments(string tokenKeyFile)
    {
        File.WriteAllText(tokenKeyFile, TokenKey.ExportPkcs8PrivateKeyPem());
        var keys = new SoftwareKeyService(Options.Create(new KeyServiceOptions { StorageKey = StorageKey }));
        return
        [
            "--ServiceProviders:Platforms:bank:ApiKeySha256:0", SpSetup.Sha256Hex(BankKey),
            "--ServiceProviders:Platforms:bank:Providers:bank:0", SpCapabilities.Download,
            "--ServiceProviders:Platforms:other:ApiKeySha256:0", SpSetup.Sha256Hex(OtherKey),
            "--ServiceProviders:Platforms:other:Providers:other:0", SpCapabilities.Download,
            "--Catalogue:SecurityDomains:0:Aid", TokenSd, "--Catalogue:SecurityDomains:0:Owner", "bank", "--Catalogue:SecurityDomains:0:Mode", "4",
            "--Catalogue:SecurityDomains:1:Aid", PlainSd, "--Catalogue:SecurityDomains:1:Owner", "bank",
            "--DelegatedManagement:TokenKeyFile", tokenKeyFile,
            "--DelegatedManagement:ReceiptKey", keys.Protect(ReceiptKey),
            "--DelegatedManagement:DapKeys:" + DapSd + ":Owner", "bank",
            "--DelegatedManagement:DapKeys:" + DapSd + ":Key", keys.Protect(DapKey),
        ];
    }
}

/// <summary>A gateway with the delegated-management keys; the Token key file lives in a temporary folder.</summary>
public sealed class DelegatedGatewayFixture : ConfiguredGatewayFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tsm-dm-").FullName;

    protected override string[] Arguments() => DelegatedSetup.Arguments(Path.Combine(_folder, "token-key.pem"));
}

[CollectionDefinition(Name)]
public sealed class DelegatedGatewayCollection : ICollectionFixture<DelegatedGatewayFixture>
{
    public const string Name = "delegated-gateway";
}
