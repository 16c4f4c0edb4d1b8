using Reqnroll;
using Tsm.Specs.Drivers;

namespace Tsm.Specs.Support;

/// <summary>One gateway per feature tagged @ota (started before its first scenario, stopped after its last).</summary>
[Binding]
public sealed class OtaHooks
{
    private const string Key = "ota-gateway";

    [BeforeFeature("ota")]
    public static async Task StartGateway(FeatureContext feature) => feature[Key] = await OtaGateway.StartAsync();

    [AfterFeature("ota")]
    public static async Task StopGateway(FeatureContext feature)
    {
        if (feature.TryGetValue<OtaGateway>(Key, out var gateway))
            await gateway.DisposeAsync();
    }

    public static OtaGateway GatewayOf(FeatureContext feature) =>
        feature.TryGetValue<OtaGateway>(Key, out var gateway)
            ? gateway
            : throw new InvalidOperationException("No gateway runs for this feature: tag it @ota.");
}
