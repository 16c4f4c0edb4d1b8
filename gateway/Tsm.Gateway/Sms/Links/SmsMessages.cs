namespace Tsm.Gateway.Sms.Links;

/// <summary>
/// A mobile-terminated message in protocol-neutral form, as the push outbox hands it to any SMS channel.
/// </summary>
/// <param name="Destination">The handset's MSISDN (international form, no '+').</param>
/// <param name="UserData">The user data, UDH included when <paramref name="Udhi"/> is set (at most 140 octets).</param>
/// <param name="Udhi">The user data starts with a UDH (SMPP esm_class 0x40, CMPP TP_udhi 1).</param>
/// <param name="Binary">8-bit data (SMPP data_coding 4, CMPP Msg_Fmt 4) rather than text.</param>
/// <param name="RequestReceipt">Ask for a delivery receipt.</param>
/// <param name="Source">Source address; null uses the account's configured one.</param>
public sealed record SmsMessage(string Destination, ReadOnlyMemory<byte> UserData, bool Udhi = true, bool Binary = true, bool RequestReceipt = true, string? Source = null)
{
    /// <summary>
    /// Text to send in place of <see cref="UserData"/> (see <see cref="ForText"/>); each protocol picks its coding:
    /// SMPP the GSM 7-bit default alphabet (data_coding 0) or UCS-2 (8), CMPP ASCII (Msg_Fmt 0) or UCS-2 (8).
    /// </summary>
    public string? Text { get; init; }

    /// <summary>A text MT message of one SMS, no user data header (docs/sms.md, "Registration codes").</summary>
    public static SmsMessage ForText(string destination, string text, bool requestReceipt = false, string? source = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentException.ThrowIfNullOrEmpty(text);
        return new SmsMessage(destination, ReadOnlyMemory<byte>.Empty, Udhi: false, Binary: false, requestReceipt, source) { Text = text };
    }

    // A record prints every member; the text may be a secret (a registration code), so it is never printed.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Destination = ").Append(Destination)
            .Append(", UserData = ").Append(UserData.Length).Append(" octets")
            .Append(", Udhi = ").Append(Udhi)
            .Append(", Binary = ").Append(Binary)
            .Append(", RequestReceipt = ").Append(RequestReceipt)
            .Append(", Source = ").Append(Source)
            .Append(", Text = ").Append(Text is null ? "null" : "(hidden)");
        return true;
    }
}

/// <summary>What the SMSC said to a submit.</summary>
/// <param name="Accepted">The SMSC took the message.</param>
/// <param name="MessageId">The SMSC's id for it (match receipts with it), when accepted.</param>
/// <param name="ErrorCode">The protocol's status or result code when refused (0 when accepted).</param>
/// <param name="ErrorName">The code's spec name.</param>
public sealed record SmsSubmitResult(bool Accepted, string? MessageId, uint ErrorCode = 0, string? ErrorName = null);

/// <summary>Sends mobile-terminated messages over one account (SMPP ESME, CMPP SP client).</summary>
public interface ISmsSender
{
    /// <summary>The account's configured name.</summary>
    string Account { get; }

    /// <summary>Submits one message; throttling is retried inside, a refusal is returned, link failures throw.</summary>
    /// <exception cref="SmsLinkException">No response after every attempt, in doubt after a drop, or the account stopped.</exception>
    Task<SmsSubmitResult> SubmitAsync(SmsMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Final and intermediate states of a submitted message, common to SMPP receipts and CMPP status reports.</summary>
public enum SmsDeliveryState
{
    Enroute,
    Delivered,
    Expired,
    Deleted,
    Undeliverable,
    Accepted,
    Unknown,
    Rejected,
}

/// <summary>A delivery receipt (SMPP deliver_sm esm_class 0x04) or status report (CMPP_DELIVER Registered_Delivery 1).</summary>
/// <param name="Account">The account it came through.</param>
/// <param name="MessageId">The id as the receipt gives it.</param>
/// <param name="MessageIdCandidates">Normalized forms to look the submitted message up by (decimal/hex tolerant).</param>
/// <param name="State">The state reported.</param>
/// <param name="Stat">The stat text (DELIVRD, UNDELIV, MA:0001 ...).</param>
/// <param name="Error">The error code, if any.</param>
/// <param name="Recipient">The handset the message was for, when the receipt says.</param>
/// <param name="ReceivedAt">When the gateway received it.</param>
public sealed record SmsDeliveryReport(
    string Account,
    string MessageId,
    IReadOnlyList<string> MessageIdCandidates,
    SmsDeliveryState State,
    string Stat,
    string? Error,
    string? Recipient,
    DateTimeOffset ReceivedAt);

/// <summary>A mobile-originated message.</summary>
/// <param name="Account">The account it came through.</param>
/// <param name="Source">The sender's MSISDN.</param>
/// <param name="Destination">The service number it was sent to.</param>
/// <param name="DataCoding">SMPP data_coding or CMPP Msg_Fmt.</param>
/// <param name="Udhi">The user data starts with a UDH.</param>
/// <param name="UserData">The user data.</param>
/// <param name="ReceivedAt">When the gateway received it.</param>
public sealed record SmsMoMessage(
    string Account,
    string Source,
    string Destination,
    byte DataCoding,
    bool Udhi,
    ReadOnlyMemory<byte> UserData,
    DateTimeOffset ReceivedAt);

/// <summary>
/// Receives what the SMSCs deliver. The link acknowledges a PDU only after the handler returns; when it throws,
/// the protocol answers with a temporary error so that the SMSC delivers it again.
/// </summary>
public interface ISmsInboundHandler
{
    ValueTask OnDeliveryReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken);

    ValueTask OnMessageAsync(SmsMoMessage message, CancellationToken cancellationToken);
}
