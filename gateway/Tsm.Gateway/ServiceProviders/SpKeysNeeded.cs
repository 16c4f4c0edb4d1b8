namespace Tsm.Gateway.ServiceProviders;

/// <summary>
/// In a callback: the platform created the provider's SD on the SE for a download and left it with its initial keys
/// (requirement 5.8.3.1). The provider puts its own keys with <c>update-security-domain-keys</c> (under its KEK, replacing
/// <see cref="InitialKeyVersion"/>); that task also associates the application's instances with the SD.
/// </summary>
public sealed record SpKeysNeeded
{
    public required string SecurityDomainAid { get; init; }

    public required int InitialKeyVersion { get; init; }
}
