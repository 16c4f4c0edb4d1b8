using System.Globalization;
using System.Text;

namespace Tsm.Protocol.Sms.Smpp;

/// <summary>
/// A delivery receipt (SMPP 3.4 Appendix B; deliver_sm with esm_class 0x04). The text form is de facto:
/// <c>id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...</c>.
/// SMSCs vary (decimal or zero-padded ids, upper or lower case, missing fields), so parsing is tolerant and the
/// TLVs receipted_message_id (0x001E) and message_state (0x0427) win over the text when present.
/// </summary>
/// <param name="MessageId">The id of the submitted message, as the receipt gives it (see <see cref="SmppMessageIds"/> to match it).</param>
/// <param name="State">The final state.</param>
/// <param name="Stat">The text stat (e.g. DELIVRD) or, from the TLV alone, the state's name.</param>
/// <param name="Error">err: the network or SMSC error code as written, if any.</param>
/// <param name="Submitted">sub: messages submitted, if given.</param>
/// <param name="Delivered">dlvrd: messages delivered, if given.</param>
/// <param name="SubmitDate">submit date as written (YYMMDDhhmm[ss]).</param>
/// <param name="DoneDate">done date as written.</param>
/// <param name="Text">text: the first characters of the message, if given.</param>
/// <param name="FromTlvs">True when the id came from TLV 0x001E.</param>
public sealed record SmppDeliveryReceipt(
    string MessageId,
    SmppMessageState State,
    string Stat,
    string? Error,
    int? Submitted,
    int? Delivered,
    string? SubmitDate,
    string? DoneDate,
    string? Text,
    bool FromTlvs)
{
    /// <summary>True for the states after which nothing more will happen to the message.</summary>
    public bool IsFinal => State is not (SmppMessageState.Enroute or SmppMessageState.Accepted or SmppMessageState.Unknown);

    /// <summary>Reads the receipt in a deliver_sm: TLVs first, then the text in short_message (or message_payload).</summary>
    /// <returns>False when the PDU is not a receipt or carries neither a usable TLV id nor a parsable text.</returns>
    public static bool TryFrom(DeliverSm pdu, out SmppDeliveryReceipt? receipt)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        receipt = null;
        if (!pdu.IsDeliveryReceipt)
            return false;
        var textOk = TryParseText(pdu.UserData.Span, out var fromText);
        var tlvId = pdu.FindTlv(SmppTlvTag.ReceiptedMessageId)?.AsText();
        var tlvState = pdu.FindTlv(SmppTlvTag.MessageState)?.AsUInt();
        if (string.IsNullOrEmpty(tlvId))
        {
            if (!textOk)
                return false;
            receipt = tlvState is >= 1 and <= 8 ? fromText! with { State = (SmppMessageState)tlvState.Value } : fromText;
            return true;
        }
        var state = tlvState is >= 1 and <= 8 ? (SmppMessageState)tlvState.Value : fromText?.State ?? SmppMessageState.Unknown;
        receipt = fromText is not null
            ? fromText with { MessageId = tlvId, State = state, FromTlvs = true }
            : new SmppDeliveryReceipt(tlvId, state, StatName(state), null, null, null, null, null, null, FromTlvs: true);
        return true;
    }

    /// <summary>
    /// The longest receipt text read: the fields come first and the quoted text is 20 characters (Appendix B), so a
    /// receipt needs far less; octets past this are ignored, which bounds the work one deliver_sm can cause.
    /// </summary>
    public const int MaxTextLength = 1024;

    /// <summary>
    /// Parses the text form; keys are matched without regard to case, unknown keys are skipped. One pass finds where
    /// each known key starts, then each field is read once: linear in the text's length (at most <see cref="MaxTextLength"/>).
    /// </summary>
    public static bool TryParseText(ReadOnlySpan<byte> text, out SmppDeliveryReceipt? receipt)
    {
        receipt = null;
        if (text.IsEmpty)
            return false;
        var s = Encoding.Latin1.GetString(text[..Math.Min(text.Length, MaxTextLength)]);
        string? id = null, stat = null, err = null, submitDate = null, doneDate = null, body = null;
        int? sub = null, dlvrd = null;
        // Fields: from the start, and from each known key (" id:", " stat:"...); a value runs to the next one, so values
        // may hold spaces (some SMSCs pad ids).
        var starts = new List<int> { 0 };
        for (var at = 0; at < s.Length; at++)
        {
            if (s[at] == ' ' && StartsWithKey(s, at))
                starts.Add(at);
        }
        starts.Add(s.Length);
        for (var f = 0; f + 1 < starts.Count; f++)
        {
            var end = starts[f + 1];
            var colon = s.IndexOf(':', starts[f], end - starts[f]);
            if (colon < 0)
                continue;
            var key = s[starts[f]..colon].Trim().ToLowerInvariant();
            if (key == "text")
            {
                body = s[(colon + 1)..];
                break;
            }
            var value = s[(colon + 1)..end].Trim();
            switch (key)
            {
                case "id": id = value; break;
                case "sub": sub = Number(value); break;
                case "dlvrd": dlvrd = Number(value); break;
                case "submit date": submitDate = value; break;
                case "done date": doneDate = value; break;
                case "stat": stat = value.ToUpperInvariant(); break;
                case "err": err = value; break;
                default: break;
            }
        }
        if (string.IsNullOrEmpty(id) || stat is null)
            return false;
        receipt = new SmppDeliveryReceipt(id, ParseStat(stat), stat, err, sub, dlvrd, submitDate, doneDate, body, FromTlvs: false);
        return true;
    }

    /// <summary>Maps the text stat (DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD; ENROUTE) to a state.</summary>
    public static SmppMessageState ParseStat(string stat) => stat.ToUpperInvariant() switch
    {
        "DELIVRD" or "DELIVERED" => SmppMessageState.Delivered,
        "EXPIRED" => SmppMessageState.Expired,
        "DELETED" => SmppMessageState.Deleted,
        "UNDELIV" or "UNDELIVERABLE" => SmppMessageState.Undeliverable,
        "ACCEPTD" or "ACCEPTED" => SmppMessageState.Accepted,
        "REJECTD" or "REJECTED" => SmppMessageState.Rejected,
        "ENROUTE" => SmppMessageState.Enroute,
        _ => SmppMessageState.Unknown,
    };

    /// <summary>The seven-letter text stat of a state.</summary>
    public static string StatName(SmppMessageState state) => state switch
    {
        SmppMessageState.Enroute => "ENROUTE",
        SmppMessageState.Delivered => "DELIVRD",
        SmppMessageState.Expired => "EXPIRED",
        SmppMessageState.Deleted => "DELETED",
        SmppMessageState.Undeliverable => "UNDELIV",
        SmppMessageState.Accepted => "ACCEPTD",
        SmppMessageState.Rejected => "REJECTD",
        _ => "UNKNOWN",
    };

    /// <summary>The text form an SMSC writes (what our simulator sends).</summary>
    public string ToText() =>
        string.Create(CultureInfo.InvariantCulture,
            $"id:{MessageId} sub:{Submitted ?? 1:D3} dlvrd:{Delivered ?? (State == SmppMessageState.Delivered ? 1 : 0):D3} submit date:{SubmitDate} done date:{DoneDate} stat:{Stat} err:{Error ?? "000"} text:{Text}");

    private static readonly string[] s_keys = [" id:", " sub:", " dlvrd:", " submit date:", " done date:", " stat:", " err:", " text:"];

    /// <summary>True when a known key (with its leading space) starts at <paramref name="at"/>: a bounded compare.</summary>
    private static bool StartsWithKey(string s, int at)
    {
        foreach (var key in s_keys)
        {
            if (string.Compare(s, at, key, 0, key.Length, StringComparison.OrdinalIgnoreCase) == 0 && at + key.Length <= s.Length)
                return true;
        }
        return false;
    }

    private static int? Number(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary>
/// Matches message ids across the forms SMSCs use: submit_sm_resp often gives hex while the receipt text gives the
/// same number in decimal, zero-padded, or in another case (jSMPP #178, Jasmin #20/#210).
/// </summary>
public static class SmppMessageIds
{
    /// <summary>The id trimmed, upper-cased, without leading zeros ("0" for all zeros).</summary>
    public static string Normalize(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var trimmed = id.Trim().TrimStart('0').ToUpperInvariant();
        return trimmed.Length == 0 && id.Trim().Length > 0 ? "0" : trimmed;
    }

    /// <summary>
    /// The normalized forms an id may have been given in: itself, and when it reads as a number in one base, the same
    /// number written in the other (decimal ↔ hex). A store keyed by <see cref="Normalize"/> of the submit_sm_resp id
    /// finds the message by trying these in order.
    /// </summary>
    public static IReadOnlyList<string> Candidates(string receiptId)
    {
        var normalized = Normalize(receiptId);
        var list = new List<string>(3) { normalized };
        if (normalized.Length is > 0 and <= 19 && normalized.All(char.IsAsciiDigit)
            && ulong.TryParse(normalized, NumberStyles.None, CultureInfo.InvariantCulture, out var asDecimal))
            Add(list, asDecimal.ToString("X", CultureInfo.InvariantCulture));
        if (normalized.Length is > 0 and <= 16 && normalized.All(char.IsAsciiHexDigit)
            && ulong.TryParse(normalized, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var asHex))
            Add(list, asHex.ToString(CultureInfo.InvariantCulture));
        return list;
    }

    /// <summary>True when a receipt's id names the message whose submit_sm_resp gave <paramref name="submittedId"/>.</summary>
    public static bool Match(string submittedId, string receiptId)
    {
        var target = Normalize(submittedId);
        foreach (var candidate in Candidates(receiptId))
        {
            if (candidate == target)
                return true;
        }
        return false;
    }

    private static void Add(List<string> list, string value)
    {
        if (!list.Contains(value))
            list.Add(value);
    }
}
