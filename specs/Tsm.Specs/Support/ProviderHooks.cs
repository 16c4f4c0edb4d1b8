using Reqnroll;
using Tsm.Specs.Drivers;

namespace Tsm.Specs.Support;

/// <summary>
/// One gateway per feature tagged @provider-registry, writing providers' e-mail notices to its own pickup directory
/// (the contact's mailbox the scenarios read the initial password from).
/// </summary>
[Binding]
public sealed class ProviderHooks
{
    private const string Key = "provider-registry";
    private const string MailboxKey = "provider-registry-mailbox";

    [BeforeFeature(Key)]
    public static async Task StartGateway(FeatureContext feature)
    {
        var mailbox = new ProviderMailbox(Directory.CreateTempSubdirectory("tsm-specs-pickup-").FullName);
        feature[MailboxKey] = mailbox;
        feature[Key] = await OtaGateway.StartAsync("--Providers:EmailPickupDirectory", mailbox.Directory);
    }

    [AfterFeature(Key)]
    public static async Task StopGateway(FeatureContext feature)
    {
        if (feature.TryGetValue<OtaGateway>(Key, out var gateway))
            await gateway.DisposeAsync();
        if (feature.TryGetValue<ProviderMailbox>(MailboxKey, out var mailbox) && Directory.Exists(mailbox.Directory))
            Directory.Delete(mailbox.Directory, recursive: true);
    }

    public static OtaGateway GatewayOf(FeatureContext feature) =>
        feature.TryGetValue<OtaGateway>(Key, out var gateway)
            ? gateway
            : throw new InvalidOperationException("No gateway runs for this feature: tag it @provider-registry.");

    public static ProviderMailbox MailboxOf(FeatureContext feature) =>
        feature.TryGetValue<ProviderMailbox>(MailboxKey, out var mailbox)
            ? mailbox
            : throw new InvalidOperationException("No mailbox for this feature: tag it @provider-registry.");
}
