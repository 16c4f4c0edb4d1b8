using Reqnroll;
using Tsm.Specs.Drivers;

namespace Tsm.Specs.Support;

/// <summary>One gateway per feature tagged @ota (started before its first scenario, stopped after its last).</summary>
[Binding]
public sealed class OtaHooks
{
    private const string Key = "ota-gateway";

    private const string SmscKey = "smsc";

    /// <summary>A feature tagged @push also gets an SMPP SMSC simulator, and the gateway an SMS account on it.</summary>
    [BeforeFeature("ota")]
    public static async Task StartGateway(FeatureContext feature)
    {
        if (!feature.FeatureInfo.Tags.Contains("push"))
        {
            feature[Key] = await OtaGateway.StartAsync();
            return;
        }
        var smsc = SmsCentre.Start();
        feature[SmscKey] = smsc;
        feature[Key] = await OtaGateway.StartAsync(smsc.GatewayArguments);
    }

    [AfterFeature("ota")]
    public static async Task StopGateway(FeatureContext feature)
    {
        if (feature.TryGetValue<OtaGateway>(Key, out var gateway))
            await gateway.DisposeAsync();
        if (feature.TryGetValue<SmsCentre>(SmscKey, out var smsc))
            await smsc.DisposeAsync();
    }

    public static SmsCentre SmsCentreOf(FeatureContext feature) =>
        feature.TryGetValue<SmsCentre>(SmscKey, out var smsc)
            ? smsc
            : throw new InvalidOperationException("No SMS centre runs for this feature: tag it @push.");

    public static OtaGateway GatewayOf(FeatureContext feature) =>
        feature.TryGetValue<OtaGateway>(Key, out var gateway)
            ? gateway
            : throw new InvalidOperationException("No gateway runs for this feature: tag it @ota.");
}
