using Reqnroll;
using Tsm.Specs.Drivers;

namespace Tsm.Specs.Support;

/// <summary>One gateway per feature tagged @catalogue-gateway: an approved SD of provider acme and a test number.</summary>
[Binding]
public sealed class CatalogueHooks
{
    private const string Key = "catalogue-gateway";

    public const string AcmeDomain = "A000000151535300A1";

    [BeforeFeature(Key)]
    public static async Task StartGateway(FeatureContext feature) => feature[Key] = await OtaGateway.StartAsync(
        "--Catalogue:SecurityDomains:0:Aid", AcmeDomain, "--Catalogue:SecurityDomains:0:Owner", "acme",
        "--Catalogue:TestNumbers:0", "13900000001");

    [AfterFeature(Key)]
    public static async Task StopGateway(FeatureContext feature)
    {
        if (feature.TryGetValue<OtaGateway>(Key, out var gateway))
            await gateway.DisposeAsync();
    }

    public static OtaGateway GatewayOf(FeatureContext feature) =>
        feature.TryGetValue<OtaGateway>(Key, out var gateway)
            ? gateway
            : throw new InvalidOperationException("No gateway runs for this feature: tag it @catalogue-gateway.");
}
