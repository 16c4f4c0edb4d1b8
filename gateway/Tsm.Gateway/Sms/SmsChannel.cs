namespace Tsm.Gateway.Sms;

/// <summary>One binary short message for a handset: user data with its header (UDHI set, 8-bit data coding).</summary>
public sealed record OutboundSms(string Destination, ReadOnlyMemory<byte> UserData, bool RequestReceipt);

/// <summary>How a submit ended, as the push sender needs to know it.</summary>
public enum SubmitStatus
{
    /// <summary>The SMSC took the message and gave it a message id.</summary>
    Accepted,

    /// <summary>The SMSC is throttling (SMPP 0x58 or 0x14, CMPP result 8): send again later.</summary>
    Throttled,

    /// <summary>The SMSC refused the message for good.</summary>
    Rejected,

    /// <summary>The link went away before the answer: the message may or may not have been taken.</summary>
    InDoubt,
}

public sealed record SubmitResult(SubmitStatus Status, string? MessageId = null, string? Detail = null);

/// <summary>The SMS links as the push sender sees them (SMPP or CMPP underneath; see docs/sms.md).</summary>
public interface ISmsChannel
{
    /// <summary>Submits one message on one of the links, waiting for a window slot and the SMSC's answer.</summary>
    Task<SubmitResult> SubmitAsync(OutboundSms message, CancellationToken cancellationToken);
}

/// <summary>What a delivery receipt (SMPP) or status report (CMPP) says of an earlier message.</summary>
public enum ReceiptOutcome
{
    Delivered,
    Failed,
    Expired,
}

public sealed record SmsReceipt(string MessageId, ReceiptOutcome Outcome, string? Detail);

/// <summary>A mobile-originated message as a link received it.</summary>
public sealed record InboundSms(string Link, string Source, string Destination, ReadOnlyMemory<byte> UserData, bool HasUserDataHeader, byte DataCoding);

/// <summary>Where the links hand what comes from the SMSC: receipts and MO messages.</summary>
public interface ISmsInbound
{
    ValueTask OnReceiptAsync(SmsReceipt receipt, CancellationToken cancellationToken);

    ValueTask OnMessageAsync(InboundSms message, CancellationToken cancellationToken);
}
