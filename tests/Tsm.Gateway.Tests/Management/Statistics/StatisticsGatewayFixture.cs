using Tsm.Gateway.Tests.Sp;

namespace Tsm.Gateway.Tests.Management.Statistics;

/// <summary>
/// A gateway of its own for the statistics tests (exact counts on a database no other test writes): the demo
/// application of provider "demo", an application of provider "other", and business platforms acting for demo
/// ("bank"), for other ("other") and for both ("both").
/// </summary>
public sealed class StatisticsGatewayFixture : ConfiguredGatewayFixture
{
    public const string DemoApp = "A000000333010101";
    public const string OtherApp = "A000000444010101";
    public const string BankKey = "statistics-bank-platform-key-0001";
    public const string OtherKey = "statistics-other-platform-key-0002";
    public const string BothKey = "statistics-both-platform-key-0003";

    private Task<HttpClient>? _demoStaff;

    /// <summary>A staff account of provider "demo", signed in once for the tests that only read.</summary>
    public Task<HttpClient> DemoStaffAsync() =>
        _demoStaff ??= TestAccounts.ClientAsync(Services, BaseAddress, "stats-demo-reader", [Security.Roles.ServiceProvider], provider: "demo");

    protected override string[] Arguments() =>
    [
        "--Catalogue:Applications:1:Aid", OtherApp, "--Catalogue:Applications:1:Name", "Other's app",
        "--Catalogue:Applications:1:LoadFileAid", "A0000004440101",
        "--Catalogue:Applications:1:Instances:0:ModuleAid", OtherApp, "--Catalogue:Applications:1:Instances:0:InstanceAid", OtherApp,
        "--Catalogue:Applications:1:CapFile", "demo:2048", "--Catalogue:Applications:1:ServiceProvider", "other",
        "--Catalogue:Applications:1:Status", "Published",
        "--ServiceProviders:Platforms:bank:ApiKeySha256:0", SpSetup.Sha256Hex(BankKey),
        "--ServiceProviders:Platforms:bank:Providers:demo:0", "download",
        "--ServiceProviders:Platforms:other:ApiKeySha256:0", SpSetup.Sha256Hex(OtherKey),
        "--ServiceProviders:Platforms:other:Providers:other:0", "download",
        "--ServiceProviders:Platforms:both:ApiKeySha256:0", SpSetup.Sha256Hex(BothKey),
        "--ServiceProviders:Platforms:both:Providers:demo:0", "download",
        "--ServiceProviders:Platforms:both:Providers:other:0", "download",
    ];
}

[CollectionDefinition(Name)]
public sealed class StatisticsGatewayCollection : ICollectionFixture<StatisticsGatewayFixture>
{
    public const string Name = "statistics gateway";
}
