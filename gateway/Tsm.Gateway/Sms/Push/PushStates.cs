namespace Tsm.Gateway.Sms.Push;

/// <summary>Where a push is in its life (requirement 5.8.5): stored, handed to a link, taken by the SMSC, then its receipt.</summary>
public static class PushStates
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Submitted = "submitted";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Expired = "expired";
}
