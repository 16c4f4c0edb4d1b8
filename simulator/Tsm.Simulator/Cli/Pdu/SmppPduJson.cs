using System.Text.Json;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Simulator.Cli.Pdu;

/// <summary>
/// SMPP 3.4 PDUs as JSON: spec names in lower_snake_case (§4), numbers as numbers, C-Octet Strings as text, octet
/// strings (short_message, TLV octets) as upper-case hex, TLVs by name (§5.3.2), a delivery receipt under <c>report</c>.
/// </summary>
internal sealed class SmppPduJson : IPduJsonDecoder
{
    public void Write(ReadOnlySpan<byte> bytes, Utf8JsonWriter json)
    {
        SmppPdu pdu;
        try
        {
            pdu = SmppCodec.Decode(bytes);
        }
        catch (SmppFormatException ex)
        {
            throw new FormatException($"{ex.Message} (the answer would be {SmppStatus.Name(ex.Status)})", ex);
        }
        json.WriteStartObject();
        json.WriteString("command", SmppCommands.Name((uint)pdu.CommandId));
        json.WriteString("commandId", $"0x{(uint)pdu.CommandId:X8}");
        json.WriteNumber("sequence", pdu.Sequence);
        json.WriteNumber("status", pdu.Status);
        json.WriteStartObject("fields");
        WriteFields(pdu, json);
        json.WriteEndObject();
        json.WriteStartObject("tlvs");
        foreach (var group in pdu.Tlvs.GroupBy(t => t.Tag))
        {
            var (name, kind) = SmppTlvTag.Describe(group.Key);
            json.WritePropertyName(name);
            if (group.Count() == 1)
            {
                WriteTlv(group.First(), kind, json);
                continue;
            }
            json.WriteStartArray();
            foreach (var tlv in group)
                WriteTlv(tlv, kind, json);
            json.WriteEndArray();
        }
        json.WriteEndObject();
        if (pdu is DeliverSm deliver && SmppDeliveryReceipt.TryFrom(deliver, out var receipt))
        {
            json.WriteStartObject("report");
            json.WriteString("id", receipt!.MessageId);
            WriteNumberOrNull(json, "sub", receipt.Submitted);
            WriteNumberOrNull(json, "dlvrd", receipt.Delivered);
            json.WriteString("submit_date", receipt.SubmitDate);
            json.WriteString("done_date", receipt.DoneDate);
            json.WriteString("stat", receipt.Stat);
            json.WriteString("err", receipt.Error);
            json.WriteString("text", receipt.Text);
            json.WriteString("message_state", receipt.State.ToString().ToUpperInvariant());
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteFields(SmppPdu pdu, Utf8JsonWriter json)
    {
        switch (pdu)
        {
            case Bind b:
                json.WriteString("system_id", b.SystemId);
                json.WriteString("password", b.Password);
                json.WriteString("system_type", b.SystemType);
                json.WriteNumber("interface_version", b.InterfaceVersion);
                json.WriteNumber("addr_ton", b.AddrTon);
                json.WriteNumber("addr_npi", b.AddrNpi);
                json.WriteString("address_range", b.AddressRange);
                break;
            case BindResp r:
                json.WriteString("system_id", r.SystemId);
                break;
            case Outbind o:
                json.WriteString("system_id", o.SystemId);
                json.WriteString("password", o.Password);
                break;
            case SmppShortMessagePdu sm:
                json.WriteString("service_type", sm.ServiceType);
                Address(json, "source_addr_ton", "source_addr_npi", "source_addr", sm.Source);
                Address(json, "dest_addr_ton", "dest_addr_npi", "destination_addr", sm.Destination);
                json.WriteNumber("esm_class", sm.EsmClass);
                json.WriteNumber("protocol_id", sm.ProtocolId);
                json.WriteNumber("priority_flag", sm.PriorityFlag);
                json.WriteString("schedule_delivery_time", sm.ScheduleDeliveryTime);
                json.WriteString("validity_period", sm.ValidityPeriod);
                json.WriteNumber("registered_delivery", sm.RegisteredDelivery);
                json.WriteNumber("replace_if_present_flag", sm.ReplaceIfPresentFlag);
                json.WriteNumber("data_coding", sm.DataCoding);
                json.WriteNumber("sm_default_msg_id", sm.SmDefaultMsgId);
                json.WriteNumber("sm_length", sm.ShortMessage.Length);
                json.WriteString("short_message", Convert.ToHexString(sm.ShortMessage.Span));
                break;
            case SmppMessageIdResp r:
                json.WriteString("message_id", r.MessageId);
                break;
            case DataSm d:
                json.WriteString("service_type", d.ServiceType);
                Address(json, "source_addr_ton", "source_addr_npi", "source_addr", d.Source);
                Address(json, "dest_addr_ton", "dest_addr_npi", "destination_addr", d.Destination);
                json.WriteNumber("esm_class", d.EsmClass);
                json.WriteNumber("registered_delivery", d.RegisteredDelivery);
                json.WriteNumber("data_coding", d.DataCoding);
                break;
            case QuerySm q:
                json.WriteString("message_id", q.MessageId);
                Address(json, "source_addr_ton", "source_addr_npi", "source_addr", q.Source);
                break;
            case QuerySmResp q:
                json.WriteString("message_id", q.MessageId);
                json.WriteString("final_date", q.FinalDate);
                json.WriteNumber("message_state", q.MessageState);
                json.WriteNumber("error_code", q.ErrorCode);
                break;
            case CancelSm c:
                json.WriteString("service_type", c.ServiceType);
                json.WriteString("message_id", c.MessageId);
                Address(json, "source_addr_ton", "source_addr_npi", "source_addr", c.Source);
                Address(json, "dest_addr_ton", "dest_addr_npi", "destination_addr", c.Destination);
                break;
            case ReplaceSm r:
                json.WriteString("message_id", r.MessageId);
                Address(json, "source_addr_ton", "source_addr_npi", "source_addr", r.Source);
                json.WriteString("schedule_delivery_time", r.ScheduleDeliveryTime);
                json.WriteString("validity_period", r.ValidityPeriod);
                json.WriteNumber("registered_delivery", r.RegisteredDelivery);
                json.WriteNumber("sm_default_msg_id", r.SmDefaultMsgId);
                json.WriteNumber("sm_length", r.ShortMessage.Length);
                json.WriteString("short_message", Convert.ToHexString(r.ShortMessage.Span));
                break;
            case SubmitMulti m:
                json.WriteString("service_type", m.ServiceType);
                Address(json, "source_addr_ton", "source_addr_npi", "source_addr", m.Source);
                json.WriteNumber("number_of_dests", m.Destinations.Count);
                json.WriteStartArray("dest_address");
                foreach (var d in m.Destinations)
                {
                    json.WriteStartObject();
                    json.WriteNumber("dest_flag", d.DestFlag);
                    if (d.Address is { } a)
                        Address(json, "dest_addr_ton", "dest_addr_npi", "destination_addr", a);
                    else
                        json.WriteString("dl_name", d.DistributionList);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteNumber("esm_class", m.EsmClass);
                json.WriteNumber("protocol_id", m.ProtocolId);
                json.WriteNumber("priority_flag", m.PriorityFlag);
                json.WriteString("schedule_delivery_time", m.ScheduleDeliveryTime);
                json.WriteString("validity_period", m.ValidityPeriod);
                json.WriteNumber("registered_delivery", m.RegisteredDelivery);
                json.WriteNumber("replace_if_present_flag", m.ReplaceIfPresentFlag);
                json.WriteNumber("data_coding", m.DataCoding);
                json.WriteNumber("sm_default_msg_id", m.SmDefaultMsgId);
                json.WriteNumber("sm_length", m.ShortMessage.Length);
                json.WriteString("short_message", Convert.ToHexString(m.ShortMessage.Span));
                break;
            case SubmitMultiResp r:
                json.WriteString("message_id", r.MessageId);
                json.WriteNumber("no_unsuccess", r.Unsuccessful.Count);
                json.WriteStartArray("unsuccess_sme");
                foreach (var u in r.Unsuccessful)
                {
                    json.WriteStartObject();
                    Address(json, "dest_addr_ton", "dest_addr_npi", "destination_addr", u.Address);
                    json.WriteNumber("error_status_code", u.ErrorStatusCode);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                break;
            case AlertNotification a:
                Address(json, "source_addr_ton", "source_addr_npi", "source_addr", a.Source);
                Address(json, "esme_addr_ton", "esme_addr_npi", "esme_addr", a.Esme);
                break;
            default:
                break; // generic_nack, enquire_link(_resp), unbind(_resp), cancel_sm_resp, replace_sm_resp: no body
        }
    }

    private static void Address(Utf8JsonWriter json, string ton, string npi, string address, SmppAddress value)
    {
        json.WriteNumber(ton, value.Ton);
        json.WriteNumber(npi, value.Npi);
        json.WriteString(address, value.Address);
    }

    private static void WriteTlv(SmppTlv tlv, SmppTlvKind kind, Utf8JsonWriter json)
    {
        if (kind == SmppTlvKind.Integer && tlv.AsUInt() is { } number)
            json.WriteNumberValue(number);
        else if (kind == SmppTlvKind.CString)
            json.WriteStringValue(tlv.AsText());
        else
            json.WriteStringValue(Convert.ToHexString(tlv.Value.Span));
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } n)
            json.WriteNumber(name, n);
        else
            json.WriteNull(name);
    }
}
