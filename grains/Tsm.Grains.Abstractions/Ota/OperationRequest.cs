namespace Tsm.Grains.Ota;

/// <summary>
/// A request for an operation on one SE: what to do, and who asks. <paramref name="Msisdn"/> is the number the wallet
/// or business hall acts for (empty for the platform and providers, which name the SE only); <paramref name="Provider"/>
/// is set for the provider channel only. <paramref name="RequestKey"/> is the client's idempotency key, made unique to
/// the caller and route by the gateway (docs/idempotency.md): the SE starts one task per key.
/// </summary>
[GenerateSerializer, Immutable, Alias("Tsm.OperationRequest")]
public sealed record OperationRequest(
    [property: Id(0)] OperationSpec Operation,
    [property: Id(1)] TaskChannel Channel,
    [property: Id(2)] string Msisdn = "",
    [property: Id(3)] ProviderOrigin? Provider = null,
    [property: Id(4)] string? RequestKey = null)
{
    /// <summary>A request from the platform itself.</summary>
    public static OperationRequest FromPlatform(OperationSpec operation) => new(operation, TaskChannel.Platform);

    /// <summary>A request from a service provider's business platform.</summary>
    public static OperationRequest FromProvider(OperationSpec operation, string serviceProvider, string platform) =>
        new(operation, TaskChannel.Provider, "", new ProviderOrigin(serviceProvider, platform));
}
