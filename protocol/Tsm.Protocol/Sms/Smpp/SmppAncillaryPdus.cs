namespace Tsm.Protocol.Sms.Smpp;

/// <summary>query_sm (SMPP 3.4 §4.8.1): the state of a message submitted earlier.</summary>
public sealed record QuerySm : SmppPdu
{
    /// <summary>message_id, C ≤ 65.</summary>
    public string MessageId { get; init; } = "";

    /// <summary>source_addr (C ≤ 21) as submitted.</summary>
    public SmppAddress Source { get; init; } = SmppAddress.Unknown("");

    public override SmppCommandId CommandId => SmppCommandId.QuerySm;

    internal override int BodyLength() =>
        SmppField.CString(MessageId, 65, "message_id") + Source.Length(21, "source_addr") + SmppField.Tlvs(Tlvs);

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(MessageId);
        Source.Write(ref writer);
        writer.WriteTlvs(Tlvs);
    }

    internal static QuerySm Read(ref SmppBodyReader reader)
    {
        var pdu = new QuerySm
        {
            MessageId = reader.ReadCString("message_id", 65, SmppStatus.RINVMSGID),
            Source = SmppAddress.Read(ref reader, "source_addr", 21, SmppStatus.RINVSRCADR),
        };
        reader.ExpectEnd();
        return pdu;
    }
}

/// <summary>query_sm_resp (§4.8.2).</summary>
public sealed record QuerySmResp : SmppPdu
{
    public string MessageId { get; init; } = "";

    /// <summary>final_date: empty or a 16-character time.</summary>
    public string FinalDate { get; init; } = "";

    /// <summary>message_state (<see cref="SmppMessageState"/>).</summary>
    public byte MessageState { get; init; }

    /// <summary>error_code: network error of a failed delivery.</summary>
    public byte ErrorCode { get; init; }

    public override SmppCommandId CommandId => SmppCommandId.QuerySmResp;

    internal override int BodyLength() =>
        SmppField.CString(MessageId, 65, "message_id") + SmppField.CString(FinalDate, 17, "final_date") + 2 + SmppField.Tlvs(Tlvs);

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteCString(FinalDate);
        writer.WriteByte(MessageState);
        writer.WriteByte(ErrorCode);
        writer.WriteTlvs(Tlvs);
    }

    internal static QuerySmResp Read(ref SmppBodyReader reader)
    {
        if (reader.AtEnd)
            return new QuerySmResp();
        var pdu = new QuerySmResp
        {
            MessageId = reader.ReadCString("message_id", 65, SmppStatus.RINVMSGID),
            FinalDate = reader.ReadCString("final_date", 17, SmppStatus.RINVPARLEN),
            MessageState = reader.ReadByte(),
            ErrorCode = reader.ReadByte(),
        };
        reader.ExpectEnd();
        return pdu;
    }
}

/// <summary>cancel_sm (§4.9.1): cancel one message, or every message from a source to a destination.</summary>
public sealed record CancelSm : SmppPdu
{
    public string ServiceType { get; init; } = "";

    public string MessageId { get; init; } = "";

    public SmppAddress Source { get; init; } = SmppAddress.Unknown("");

    public SmppAddress Destination { get; init; } = SmppAddress.Unknown("");

    public override SmppCommandId CommandId => SmppCommandId.CancelSm;

    internal override int BodyLength() =>
        SmppField.CString(ServiceType, 6, "service_type")
        + SmppField.CString(MessageId, 65, "message_id")
        + Source.Length(21, "source_addr")
        + Destination.Length(21, "destination_addr")
        + SmppField.Tlvs(Tlvs);

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(ServiceType);
        writer.WriteCString(MessageId);
        Source.Write(ref writer);
        Destination.Write(ref writer);
        writer.WriteTlvs(Tlvs);
    }

    internal static CancelSm Read(ref SmppBodyReader reader)
    {
        var pdu = new CancelSm
        {
            ServiceType = reader.ReadCString("service_type", 6, SmppStatus.RINVSERTYP),
            MessageId = reader.ReadCString("message_id", 65, SmppStatus.RINVMSGID),
            Source = SmppAddress.Read(ref reader, "source_addr", 21, SmppStatus.RINVSRCADR),
            Destination = SmppAddress.Read(ref reader, "destination_addr", 21, SmppStatus.RINVDSTADR),
        };
        reader.ExpectEnd();
        return pdu;
    }
}

/// <summary>replace_sm (§4.10.1): replace a message still waiting in the SMSC.</summary>
public sealed record ReplaceSm : SmppPdu
{
    public string MessageId { get; init; } = "";

    public SmppAddress Source { get; init; } = SmppAddress.Unknown("");

    public string ScheduleDeliveryTime { get; init; } = "";

    public string ValidityPeriod { get; init; } = "";

    public byte RegisteredDelivery { get; init; }

    public byte SmDefaultMsgId { get; init; }

    /// <summary>short_message, 0–254 octets.</summary>
    public ReadOnlyMemory<byte> ShortMessage { get; init; }

    public override SmppCommandId CommandId => SmppCommandId.ReplaceSm;

    internal override int BodyLength()
    {
        if (ShortMessage.Length > SmppShortMessagePdu.MaxShortMessageLength)
            throw new ArgumentException("short_message takes at most 254 octets.", nameof(ShortMessage));
        return SmppField.CString(MessageId, 65, "message_id")
            + Source.Length(21, "source_addr")
            + SmppField.CString(ScheduleDeliveryTime, 17, "schedule_delivery_time")
            + SmppField.CString(ValidityPeriod, 17, "validity_period")
            + 3 // registered_delivery, sm_default_msg_id, sm_length
            + ShortMessage.Length
            + SmppField.Tlvs(Tlvs);
    }

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(MessageId);
        Source.Write(ref writer);
        writer.WriteCString(ScheduleDeliveryTime);
        writer.WriteCString(ValidityPeriod);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(SmDefaultMsgId);
        writer.WriteByte((byte)ShortMessage.Length);
        writer.WriteOctets(ShortMessage.Span);
        writer.WriteTlvs(Tlvs);
    }

    internal static ReplaceSm Read(ref SmppBodyReader reader)
    {
        var messageId = reader.ReadCString("message_id", 65, SmppStatus.RINVMSGID);
        var source = SmppAddress.Read(ref reader, "source_addr", 21, SmppStatus.RINVSRCADR);
        var schedule = reader.ReadCString("schedule_delivery_time", 17, SmppStatus.RINVSCHED);
        var validity = reader.ReadCString("validity_period", 17, SmppStatus.RINVEXPIRY);
        var registered = reader.ReadByte();
        var defaultMsgId = reader.ReadByte();
        var smLength = reader.ReadByte();
        if (smLength > SmppShortMessagePdu.MaxShortMessageLength)
            throw reader.Fail($"sm_length {smLength} is above 254", SmppStatus.RINVMSGLEN);
        var shortMessage = reader.ReadOctets(smLength, "short_message");
        reader.ExpectEnd();
        return new ReplaceSm
        {
            MessageId = messageId,
            Source = source,
            ScheduleDeliveryTime = schedule,
            ValidityPeriod = validity,
            RegisteredDelivery = registered,
            SmDefaultMsgId = defaultMsgId,
            ShortMessage = shortMessage,
        };
    }
}

/// <summary>One dest_address of submit_multi (§4.5.1.1): an SME address (dest_flag 1) or a distribution list name (dest_flag 2).</summary>
public sealed record SmppMultiDestination
{
    public const byte SmeAddressFlag = 1;
    public const byte DistributionListFlag = 2;

    public SmppAddress? Address { get; init; }

    /// <summary>dl_name, C ≤ 21, when <see cref="Address"/> is null.</summary>
    public string? DistributionList { get; init; }

    public byte DestFlag => Address is null ? DistributionListFlag : SmeAddressFlag;
}

/// <summary>One unsuccess_sme of submit_multi_resp (§4.5.2.1).</summary>
public sealed record SmppUnsuccessfulSme(SmppAddress Address, uint ErrorStatusCode);

/// <summary>submit_multi (§4.5.1): one message to up to 254 destinations.</summary>
public sealed record SubmitMulti : SmppPdu
{
    public string ServiceType { get; init; } = "";

    public SmppAddress Source { get; init; } = SmppAddress.Unknown("");

    /// <summary>number_of_dests then the dest_address list (1–254 entries).</summary>
    public IReadOnlyList<SmppMultiDestination> Destinations { get; init; } = [];

    public byte EsmClass { get; init; }

    public byte ProtocolId { get; init; }

    public byte PriorityFlag { get; init; }

    public string ScheduleDeliveryTime { get; init; } = "";

    public string ValidityPeriod { get; init; } = "";

    public byte RegisteredDelivery { get; init; }

    public byte ReplaceIfPresentFlag { get; init; }

    public byte DataCoding { get; init; }

    public byte SmDefaultMsgId { get; init; }

    public ReadOnlyMemory<byte> ShortMessage { get; init; }

    public override SmppCommandId CommandId => SmppCommandId.SubmitMulti;

    internal override int BodyLength()
    {
        if (Destinations.Count is 0 or > 254)
            throw new ArgumentException("submit_multi takes 1 to 254 destinations.", nameof(Destinations));
        if (ShortMessage.Length > SmppShortMessagePdu.MaxShortMessageLength)
            throw new ArgumentException("short_message takes at most 254 octets.", nameof(ShortMessage));
        var destinations = 0;
        foreach (var d in Destinations)
            destinations += 1 + (d.Address is { } a ? a.Length(21, "destination_addr") : SmppField.CString(d.DistributionList, 21, "dl_name"));
        return SmppField.CString(ServiceType, 6, "service_type")
            + Source.Length(21, "source_addr")
            + 1 // number_of_dests
            + destinations
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
        writer.WriteByte((byte)Destinations.Count);
        foreach (var d in Destinations)
        {
            writer.WriteByte(d.DestFlag);
            if (d.Address is { } address)
                address.Write(ref writer);
            else
                writer.WriteCString(d.DistributionList!);
        }
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

    internal static SubmitMulti Read(ref SmppBodyReader reader)
    {
        var serviceType = reader.ReadCString("service_type", 6, SmppStatus.RINVSERTYP);
        var source = SmppAddress.Read(ref reader, "source_addr", 21, SmppStatus.RINVSRCADR);
        var count = reader.ReadByte();
        if (count is 0 or > 254)
            throw reader.Fail($"number_of_dests {count} is not 1..254", SmppStatus.RINVNUMDESTS);
        var destinations = new SmppMultiDestination[count];
        for (var i = 0; i < count; i++)
        {
            var flag = reader.ReadByte();
            destinations[i] = flag switch
            {
                SmppMultiDestination.SmeAddressFlag => new SmppMultiDestination { Address = SmppAddress.Read(ref reader, "destination_addr", 21, SmppStatus.RINVDSTADR) },
                SmppMultiDestination.DistributionListFlag => new SmppMultiDestination { DistributionList = reader.ReadCString("dl_name", 21, SmppStatus.RINVDLNAME) },
                _ => throw reader.Fail($"dest_flag {flag} is neither 1 nor 2", SmppStatus.RINVDESTFLAG),
            };
        }
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
        if (smLength > SmppShortMessagePdu.MaxShortMessageLength)
            throw reader.Fail($"sm_length {smLength} is above 254", SmppStatus.RINVMSGLEN);
        return new SubmitMulti
        {
            ServiceType = serviceType,
            Source = source,
            Destinations = destinations,
            EsmClass = esmClass,
            ProtocolId = protocolId,
            PriorityFlag = priority,
            ScheduleDeliveryTime = schedule,
            ValidityPeriod = validity,
            RegisteredDelivery = registered,
            ReplaceIfPresentFlag = replace,
            DataCoding = dataCoding,
            SmDefaultMsgId = defaultMsgId,
            ShortMessage = reader.ReadOctets(smLength, "short_message"),
            Tlvs = reader.ReadTlvs(),
        };
    }
}

/// <summary>submit_multi_resp (§4.5.2): the message id and the destinations that failed.</summary>
public sealed record SubmitMultiResp : SmppPdu
{
    public string MessageId { get; init; } = "";

    /// <summary>no_unsuccess then the unsuccess_sme list.</summary>
    public IReadOnlyList<SmppUnsuccessfulSme> Unsuccessful { get; init; } = [];

    public override SmppCommandId CommandId => SmppCommandId.SubmitMultiResp;

    internal override int BodyLength()
    {
        if (Unsuccessful.Count > 255)
            throw new ArgumentException("no_unsuccess is one octet.", nameof(Unsuccessful));
        var list = 0;
        foreach (var u in Unsuccessful)
            list += u.Address.Length(21, "destination_addr") + 4;
        return SmppField.CString(MessageId, 65, "message_id") + 1 + list + SmppField.Tlvs(Tlvs);
    }

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteByte((byte)Unsuccessful.Count);
        foreach (var u in Unsuccessful)
        {
            u.Address.Write(ref writer);
            writer.WriteUInt32(u.ErrorStatusCode);
        }
        writer.WriteTlvs(Tlvs);
    }

    internal static SubmitMultiResp Read(ref SmppBodyReader reader)
    {
        if (reader.AtEnd)
            return new SubmitMultiResp();
        var messageId = reader.ReadCString("message_id", 65, SmppStatus.RINVMSGID);
        var count = reader.ReadByte();
        var list = new SmppUnsuccessfulSme[count];
        for (var i = 0; i < count; i++)
            list[i] = new SmppUnsuccessfulSme(SmppAddress.Read(ref reader, "destination_addr", 21, SmppStatus.RINVDSTADR), reader.ReadUInt32());
        return new SubmitMultiResp { MessageId = messageId, Unsuccessful = list, Tlvs = reader.ReadTlvs() };
    }
}

/// <summary>alert_notification (§4.12.1): a mobile became available (after set_dpf). It has no response.</summary>
public sealed record AlertNotification : SmppPdu
{
    /// <summary>source_addr (C ≤ 65): the mobile.</summary>
    public SmppAddress Source { get; init; } = SmppAddress.Unknown("");

    /// <summary>esme_addr (C ≤ 65): the ESME that asked to be alerted.</summary>
    public SmppAddress Esme { get; init; } = SmppAddress.Unknown("");

    public override SmppCommandId CommandId => SmppCommandId.AlertNotification;

    internal override int BodyLength() => Source.Length(65, "source_addr") + Esme.Length(65, "esme_addr") + SmppField.Tlvs(Tlvs);

    internal override void WriteBody(ref SmppBodyWriter writer)
    {
        Source.Write(ref writer);
        Esme.Write(ref writer);
        writer.WriteTlvs(Tlvs);
    }

    internal static AlertNotification Read(ref SmppBodyReader reader) => new()
    {
        Source = SmppAddress.Read(ref reader, "source_addr", 65, SmppStatus.RINVSRCADR),
        Esme = SmppAddress.Read(ref reader, "esme_addr", 65, SmppStatus.RINVPARLEN),
        Tlvs = reader.ReadTlvs(),
    };
}
