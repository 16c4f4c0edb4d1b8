namespace Tsm.Gateway.ServiceProviders;

/// <summary>Where a callback is: waiting to be POSTed (or in doubt), acknowledged, or given up.</summary>
public static class SpCallbackStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
