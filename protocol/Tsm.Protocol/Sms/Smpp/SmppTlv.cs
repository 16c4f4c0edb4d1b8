using System.Buffers.Binary;
using System.Text;

namespace Tsm.Protocol.Sms.Smpp;

/// <summary>One optional parameter (SMPP 3.4 §3.2.4, §5.3): tag(2) length(2) value, after the mandatory body.</summary>
/// <param name="Tag">The parameter tag (<see cref="SmppTlvTag"/>).</param>
/// <param name="Value">The value octets.</param>
public readonly record struct SmppTlv(ushort Tag, ReadOnlyMemory<byte> Value)
{
    /// <summary>Bytes on the wire: tag, length and value.</summary>
    public int EncodedLength => 4 + Value.Length;

    public static SmppTlv FromByte(ushort tag, byte value) => new(tag, new[] { value });

    public static SmppTlv FromUInt16(ushort tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return new SmppTlv(tag, bytes);
    }

    /// <summary>A C-Octet String value (ASCII text plus its NUL), as receipted_message_id is carried.</summary>
    public static SmppTlv FromCString(ushort tag, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = new byte[value.Length + 1];
        Encoding.Latin1.GetBytes(value, bytes);
        return new SmppTlv(tag, bytes);
    }

    /// <summary>The value as an unsigned integer of 1, 2 or 4 octets; null for other lengths.</summary>
    public uint? AsUInt() => Value.Length switch
    {
        1 => Value.Span[0],
        2 => BinaryPrimitives.ReadUInt16BigEndian(Value.Span),
        4 => BinaryPrimitives.ReadUInt32BigEndian(Value.Span),
        _ => null,
    };

    /// <summary>The value as text with trailing NULs removed.</summary>
    public string AsText() => Encoding.Latin1.GetString(Value.Span.TrimEnd((byte)0));
}

/// <summary>How a TLV's value is shown (and checked) by tools: the type the spec gives it in §5.3.2.</summary>
public enum SmppTlvKind
{
    Octets,
    Integer,
    CString,
}

/// <summary>SMPP 3.4 optional parameter tags (§5.3.2, Table 5-6).</summary>
public static class SmppTlvTag
{
    public const ushort DestAddrSubunit = 0x0005;
    public const ushort DestNetworkType = 0x0006;
    public const ushort DestBearerType = 0x0007;
    public const ushort DestTelematicsId = 0x0008;
    public const ushort SourceAddrSubunit = 0x000D;
    public const ushort SourceNetworkType = 0x000E;
    public const ushort SourceBearerType = 0x000F;
    public const ushort SourceTelematicsId = 0x0010;
    public const ushort QosTimeToLive = 0x0017;
    public const ushort PayloadType = 0x0019;
    public const ushort AdditionalStatusInfoText = 0x001D;
    public const ushort ReceiptedMessageId = 0x001E;
    public const ushort MsMsgWaitFacilities = 0x0030;
    public const ushort PrivacyIndicator = 0x0201;
    public const ushort SourceSubaddress = 0x0202;
    public const ushort DestSubaddress = 0x0203;
    public const ushort UserMessageReference = 0x0204;
    public const ushort UserResponseCode = 0x0205;
    public const ushort SourcePort = 0x020A;
    public const ushort DestinationPort = 0x020B;
    public const ushort SarMsgRefNum = 0x020C;
    public const ushort LanguageIndicator = 0x020D;
    public const ushort SarTotalSegments = 0x020E;
    public const ushort SarSegmentSeqnum = 0x020F;
    public const ushort ScInterfaceVersion = 0x0210;
    public const ushort CallbackNumPresInd = 0x0302;
    public const ushort CallbackNumAtag = 0x0303;
    public const ushort NumberOfMessages = 0x0304;
    public const ushort CallbackNum = 0x0381;
    public const ushort DpfResult = 0x0420;
    public const ushort SetDpf = 0x0421;
    public const ushort MsAvailabilityStatus = 0x0422;
    public const ushort NetworkErrorCode = 0x0423;
    public const ushort MessagePayload = 0x0424;
    public const ushort DeliveryFailureReason = 0x0425;
    public const ushort MoreMessagesToSend = 0x0426;
    public const ushort MessageState = 0x0427;
    public const ushort UssdServiceOp = 0x0501;
    public const ushort DisplayTime = 0x1201;
    public const ushort SmsSignal = 0x1203;
    public const ushort MsValidity = 0x1204;
    public const ushort AlertOnMessageDelivery = 0x130C;
    public const ushort ItsReplyType = 0x1380;
    public const ushort ItsSessionInfo = 0x1383;

    /// <summary>The spec's name and value type of a tag; unknown (vendor) tags are <c>tlv_XXXX</c> octets.</summary>
    public static (string Name, SmppTlvKind Kind) Describe(ushort tag) => tag switch
    {
        DestAddrSubunit => ("dest_addr_subunit", SmppTlvKind.Integer),
        DestNetworkType => ("dest_network_type", SmppTlvKind.Integer),
        DestBearerType => ("dest_bearer_type", SmppTlvKind.Integer),
        DestTelematicsId => ("dest_telematics_id", SmppTlvKind.Integer),
        SourceAddrSubunit => ("source_addr_subunit", SmppTlvKind.Integer),
        SourceNetworkType => ("source_network_type", SmppTlvKind.Integer),
        SourceBearerType => ("source_bearer_type", SmppTlvKind.Integer),
        SourceTelematicsId => ("source_telematics_id", SmppTlvKind.Integer),
        QosTimeToLive => ("qos_time_to_live", SmppTlvKind.Integer),
        PayloadType => ("payload_type", SmppTlvKind.Integer),
        AdditionalStatusInfoText => ("additional_status_info_text", SmppTlvKind.CString),
        ReceiptedMessageId => ("receipted_message_id", SmppTlvKind.CString),
        MsMsgWaitFacilities => ("ms_msg_wait_facilities", SmppTlvKind.Integer),
        PrivacyIndicator => ("privacy_indicator", SmppTlvKind.Integer),
        SourceSubaddress => ("source_subaddress", SmppTlvKind.Octets),
        DestSubaddress => ("dest_subaddress", SmppTlvKind.Octets),
        UserMessageReference => ("user_message_reference", SmppTlvKind.Integer),
        UserResponseCode => ("user_response_code", SmppTlvKind.Integer),
        SourcePort => ("source_port", SmppTlvKind.Integer),
        DestinationPort => ("destination_port", SmppTlvKind.Integer),
        SarMsgRefNum => ("sar_msg_ref_num", SmppTlvKind.Integer),
        LanguageIndicator => ("language_indicator", SmppTlvKind.Integer),
        SarTotalSegments => ("sar_total_segments", SmppTlvKind.Integer),
        SarSegmentSeqnum => ("sar_segment_seqnum", SmppTlvKind.Integer),
        ScInterfaceVersion => ("sc_interface_version", SmppTlvKind.Integer),
        CallbackNumPresInd => ("callback_num_pres_ind", SmppTlvKind.Integer),
        CallbackNumAtag => ("callback_num_atag", SmppTlvKind.Octets),
        NumberOfMessages => ("number_of_messages", SmppTlvKind.Integer),
        CallbackNum => ("callback_num", SmppTlvKind.Octets),
        DpfResult => ("dpf_result", SmppTlvKind.Integer),
        SetDpf => ("set_dpf", SmppTlvKind.Integer),
        MsAvailabilityStatus => ("ms_availability_status", SmppTlvKind.Integer),
        NetworkErrorCode => ("network_error_code", SmppTlvKind.Octets),
        MessagePayload => ("message_payload", SmppTlvKind.Octets),
        DeliveryFailureReason => ("delivery_failure_reason", SmppTlvKind.Integer),
        MoreMessagesToSend => ("more_messages_to_send", SmppTlvKind.Integer),
        MessageState => ("message_state", SmppTlvKind.Integer),
        UssdServiceOp => ("ussd_service_op", SmppTlvKind.Octets),
        DisplayTime => ("display_time", SmppTlvKind.Integer),
        SmsSignal => ("sms_signal", SmppTlvKind.Integer),
        MsValidity => ("ms_validity", SmppTlvKind.Integer),
        AlertOnMessageDelivery => ("alert_on_message_delivery", SmppTlvKind.Octets),
        ItsReplyType => ("its_reply_type", SmppTlvKind.Integer),
        ItsSessionInfo => ("its_session_info", SmppTlvKind.Octets),
        _ => ($"tlv_{tag:X4}", SmppTlvKind.Octets),
    };
}

/// <summary>message_state values (§5.2.28), used by query_sm_resp and by TLV 0x0427 in delivery receipts.</summary>
public enum SmppMessageState : byte
{
    Enroute = 1,
    Delivered = 2,
    Expired = 3,
    Deleted = 4,
    Undeliverable = 5,
    Accepted = 6,
    Unknown = 7,
    Rejected = 8,
}
