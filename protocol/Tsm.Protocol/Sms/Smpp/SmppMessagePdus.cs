namespace Tsm.Protocol.Sms.Smpp;

/// <summary>
/// The layout submit_sm (SMPP 3.4 §4.4.1) and deliver_sm (§4.6.1) share, in wire order. In deliver_sm,
/// schedule_delivery_time, validity_period, replace_if_present_flag and sm_default_msg_id are unused (NULL or 0).
/// </summary>
public abstract record SmppShortMessagePdu : SmppPdu
{
    /// <summary>Largest short_message (sm_length is one octet; 255 is not allowed).</summary>
    public const int MaxShortMessageLength = 254;

    /// <summary>service_type, C ≤ 6.</summary>
    public string ServiceType { get; init; } = "";

    /// <summary>source_addr_ton, source_addr_npi, source_addr (C ≤ 21).</summary>
    public SmppAddress Source { get; init; } = SmppAddress.Unknown("");

    /// <summary>dest_addr_ton, dest_addr_npi, destination_addr (C ≤ 21).</summary>
    public SmppAddress Destination { get; init; } = SmppAddress.Unknown("");

    /// <summary>esm_class (<see cref="SmppEsmClass"/>).</summary>
    public byte EsmClass { get; init; }

    public byte ProtocolId { get; init; }

    public byte PriorityFlag { get; init; }

    /// <summary>schedule_delivery_time: empty or a 16-character time (§7.1.1).</summary>
    public string ScheduleDeliveryTime { get; init; } = "";

    /// <summary>validity_period: empty or a 16-character time.</summary>
    public string ValidityPeriod { get; init; } = "";

    /// <summary>registered_delivery: bits 1-0 ask for a receipt (1 on final outcome, 2 on failure only).</summary>
    public byte RegisteredDelivery { get; init; }

    public byte ReplaceIfPresentFlag { get; init; }

    /// <summary>data_coding (<see cref="SmppDataCoding"/>).</summary>
    public byte DataCoding { get; init; }

    public byte SmDefaultMsgId { get; init; }

    /// <summary>short_message, 0–254 octets; its length is sm_length on the wire.</summary>
    public ReadOnlyMemory<byte> ShortMessage { get; init; }

    /// <summary>The user data: short_message, or the message_payload TLV when short_message is empty.</summary>
    public ReadOnlyMemory<byte> UserData =>
        ShortMessage.IsEmpty && FindTlv(SmppTlvTag.MessagePayload) is { } payload ? payload.Value : ShortMessage;

    internal override int BodyLength()
    {
        if (ShortMessage.Length > MaxShortMessageLength)
            throw new ArgumentException($"short_message takes at most {MaxShortMessageLength} octets; use the message_payload TLV.", nameof(ShortMessage));
        return SmppField.CString(ServiceType, 6, "service_type")
            + Source.Length(21, "source_addr")
            + Destination.Length(21, "destination_addr")
            + 3 // esm_class, protocol_id, priority_flag
            + SmppField.CString(ScheduleDeliveryTime, 17, "schedule_delivery_time")
            + SmppField.CString(ValidityPeriod, 17, "validity_period")
            + 5 // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id, sm_length
            + ShortMessage.Length
            + SmppField.Tlvs(Tlvs);
    }

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(ServiceType);
        Source.Write(ref writer);
        Destination.Write(ref writer);
        writer.WriteByte(EsmClass);
        writer.WriteByte(ProtocolId);
        writer.WriteByte(PriorityFlag);
        writer.WriteCString(ScheduleDeliveryTime);
        writer.WriteCString(ValidityPeriod);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(ReplaceIfPresentFlag);
        writer.WriteByte(DataCoding);
        writer.WriteByte(SmDefaultMsgId);
        writer.WriteByte((byte)ShortMessage.Length);
        writer.WriteOctets(ShortMessage.Span);
        writer.WriteTlvs(Tlvs);
    }

    internal static T Read<T>(ref SmppBodyReader reader)
        where T : SmppShortMessagePdu, new()
    {
        var serviceType = reader.ReadCString("service_type", 6, SmppStatus.RINVSERTYP);
        var source = SmppAddress.Read(ref reader, "source_addr", 21, SmppStatus.RINVSRCADR);
        var destination = SmppAddress.Read(ref reader, "destination_addr", 21, SmppStatus.RINVDSTADR);
        var esmClass = reader.ReadByte();
        var protocolId = reader.ReadByte();
        var priority = reader.ReadByte();
        var schedule = reader.ReadCString("schedule_delivery_time", 17, SmppStatus.RINVSCHED);
        var validity = reader.ReadCString("validity_period", 17, SmppStatus.RINVEXPIRY);
        var registered = reader.ReadByte();
        var replace = reader.ReadByte();
        var dataCoding = reader.ReadByte();
        var defaultMsgId = reader.ReadByte();
        var smLength = reader.ReadByte();
        if (smLength > MaxShortMessageLength)
            throw reader.Fail($"sm_length {smLength} is above {MaxShortMessageLength}", SmppStatus.RINVMSGLEN);
        var shortMessage = reader.ReadOctets(smLength, "short_message");
        return new T
        {
            ServiceType = serviceType,
            Source = source,
            Destination = destination,
            EsmClass = esmClass,
            ProtocolId = protocolId,
            PriorityFlag = priority,
            ScheduleDeliveryTime = schedule,
            ValidityPeriod = validity,
            RegisteredDelivery = registered,
            ReplaceIfPresentFlag = replace,
            DataCoding = dataCoding,
            SmDefaultMsgId = defaultMsgId,
            ShortMessage = shortMessage,
            Tlvs = reader.ReadTlvs(),
        };
    }
}

/// <summary>submit_sm (§4.4.1): an ESME submits a short message to the SMSC.</summary>
public sealed record SubmitSm : SmppShortMessagePdu
{
    public override SmppCommandId CommandId => SmppCommandId.SubmitSm;
}

/// <summary>deliver_sm (§4.6.1): the SMSC delivers a mobile-originated message or a delivery receipt (esm_class 0x04).</summary>
public sealed record DeliverSm : SmppShortMessagePdu
{
    public override SmppCommandId CommandId => SmppCommandId.DeliverSm;

    /// <summary>True when esm_class marks an SMSC delivery receipt.</summary>
    public bool IsDeliveryReceipt => (EsmClass & SmppEsmClass.TypeMask) == SmppEsmClass.DeliveryReceipt;
}

/// <summary>The layout of submit_sm_resp (§4.4.2), deliver_sm_resp (§4.6.2) and data_sm_resp (§4.7.2): one message_id.</summary>
public abstract record SmppMessageIdResp : SmppPdu
{
    /// <summary>message_id, C ≤ 65 (left out by some SMSCs when the status is not 0; unused in deliver_sm_resp).</summary>
    public string MessageId { get; init; } = "";

    internal override int BodyLength() => SmppField.CString(MessageId, 65, "message_id") + SmppField.Tlvs(Tlvs);

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteTlvs(Tlvs);
    }

    internal static T Read<T>(ref SmppBodyReader reader)
        where T : SmppMessageIdResp, new() => new()
        {
            MessageId = reader.ReadOptionalCString("message_id", 65, SmppStatus.RINVMSGID),
            Tlvs = reader.ReadTlvs(),
        };
}

/// <summary>submit_sm_resp (§4.4.2).</summary>
public sealed record SubmitSmResp : SmppMessageIdResp
{
    public override SmppCommandId CommandId => SmppCommandId.SubmitSmResp;
}

/// <summary>deliver_sm_resp (§4.6.2).</summary>
public sealed record DeliverSmResp : SmppMessageIdResp
{
    public override SmppCommandId CommandId => SmppCommandId.DeliverSmResp;
}

/// <summary>data_sm_resp (§4.7.2).</summary>
public sealed record DataSmResp : SmppMessageIdResp
{
    public override SmppCommandId CommandId => SmppCommandId.DataSmResp;
}

/// <summary>data_sm (§4.7.1): a message whose data travels in TLVs (message_payload), either direction.</summary>
public sealed record DataSm : SmppPdu
{
    public string ServiceType { get; init; } = "";

    /// <summary>source_addr is C ≤ 65 in data_sm.</summary>
    public SmppAddress Source { get; init; } = SmppAddress.Unknown("");

    /// <summary>destination_addr is C ≤ 65 in data_sm.</summary>
    public SmppAddress Destination { get; init; } = SmppAddress.Unknown("");

    public byte EsmClass { get; init; }

    public byte RegisteredDelivery { get; init; }

    public byte DataCoding { get; init; }

    public override SmppCommandId CommandId => SmppCommandId.DataSm;

    internal override int BodyLength() =>
        SmppField.CString(ServiceType, 6, "service_type")
        + Source.Length(65, "source_addr")
        + Destination.Length(65, "destination_addr")
        + 3 // esm_class, registered_delivery, data_coding
        + SmppField.Tlvs(Tlvs);

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(ServiceType);
        Source.Write(ref writer);
        Destination.Write(ref writer);
        writer.WriteByte(EsmClass);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(DataCoding);
        writer.WriteTlvs(Tlvs);
    }

    internal static DataSm Read(ref SmppBodyReader reader) => new()
    {
        ServiceType = reader.ReadCString("service_type", 6, SmppStatus.RINVSERTYP),
        Source = SmppAddress.Read(ref reader, "source_addr", 65, SmppStatus.RINVSRCADR),
        Destination = SmppAddress.Read(ref reader, "destination_addr", 65, SmppStatus.RINVDSTADR),
        EsmClass = reader.ReadByte(),
        RegisteredDelivery = reader.ReadByte(),
        DataCoding = reader.ReadByte(),
        Tlvs = reader.ReadTlvs(),
    };
}

/// <summary>esm_class bits (§5.2.12).</summary>
public static class SmppEsmClass
{
    /// <summary>Bits 1-0: messaging mode.</summary>
    public const byte ModeMask = 0x03;
    public const byte StoreAndForward = 0x03;

    /// <summary>Bits 5-2: message type.</summary>
    public const byte TypeMask = 0x3C;
    public const byte DeliveryReceipt = 0x04;
    public const byte SmeDeliveryAck = 0x08;
    public const byte UserAck = 0x10;
    public const byte IntermediateNotification = 0x20;

    /// <summary>Bit 6: short_message starts with a user data header.</summary>
    public const byte Udhi = 0x40;
    public const byte ReplyPath = 0x80;
}

/// <summary>data_coding values (§5.2.19) that matter to us.</summary>
public static class SmppDataCoding
{
    public const byte SmscDefault = 0x00;
    public const byte Ia5 = 0x01;
    public const byte Binary = 0x02;
    public const byte Latin1 = 0x03;

    /// <summary>8-bit binary: what the wake-up push uses.</summary>
    public const byte Binary8Bit = 0x04;
    public const byte Ucs2 = 0x08;
}
