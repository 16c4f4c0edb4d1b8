namespace Tsm.Gateway.Tests.Management.Providers;

/// <summary>
/// The gateway with an e-mail pickup directory (notices are read from there), and provider "acme" seeded from its
/// configured application, for the business-platform checks.
/// </summary>
public sealed class ProvidersFixture : ConfiguredGatewayFixture
{
    public const string AcmeApp = "A000000777010101";

    public string Pickup { get; } = Path.Combine(Path.GetTempPath(), "tsm-pickup-tests", Guid.NewGuid().ToString("N"));

    protected override string[] Arguments() =>
    [
        "--Providers:EmailPickupDirectory", Pickup,
        "--Catalogue:Applications:1:Aid", AcmeApp,
        "--Catalogue:Applications:1:Name", "acme pass",
        "--Catalogue:Applications:1:LoadFileAid", "A0000007770101",
        "--Catalogue:Applications:1:Instances:0:ModuleAid", AcmeApp,
        "--Catalogue:Applications:1:Instances:0:InstanceAid", AcmeApp,
        "--Catalogue:Applications:1:CapFile", "demo:2048",
        "--Catalogue:Applications:1:ServiceProvider", "acme",
        "--Catalogue:Applications:1:Status", "Published",
    ];
}

[CollectionDefinition(Name)]
public sealed class ProvidersCollection : ICollectionFixture<ProvidersFixture>
{
    public const string Name = "providers";
}
