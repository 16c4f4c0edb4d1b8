namespace Tsm.Gateway.Sms.Links;

/// <summary>Where an SMS account's links are now (health and gauges: docs/operations.md).</summary>
/// <param name="Account">The account's name.</param>
/// <param name="Links">Links configured.</param>
/// <param name="Bound">Links bound now.</param>
/// <param name="InFlight">Requests sent and not yet answered, over all links.</param>
/// <param name="Queued">Requests waiting for a window slot.</param>
public sealed record SmsAccountStatus(string Account, int Links, int Bound, int InFlight, int Queued);
