using System.Text.Json;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Simulator.Cli.Pdu;

/// <summary>
/// CMPP 2.0 or 3.0 PDUs as JSON (docs/sms.md "CMPP 2.0 / 3.0"): fields under the spec's own names (<c>Dest_terminal_Id</c>,
/// <c>Msg_Fmt</c> ...), numbers as numbers, Octet Strings as text without the NUL padding, Msg_Content, Msg_Id and the
/// authenticators as upper-case hex, Dest_terminal_Id as an array, and a status report in a CMPP_DELIVER under
/// <c>report</c>. <c>status</c> is the Status of CONNECT_RESP or the Result of SUBMIT_RESP and DELIVER_RESP.
/// </summary>
internal sealed class CmppPduJson(CmppVersion version) : IPduJsonDecoder
{
    public void Write(ReadOnlySpan<byte> bytes, Utf8JsonWriter json)
    {
        var pdu = CmppCodec.Decode(bytes, version); // CmppFormatException is a FormatException
        json.WriteStartObject();
        json.WriteString("command", pdu.CommandId.SpecName());
        json.WriteString("commandId", $"0x{(uint)pdu.CommandId:X8}");
        json.WriteNumber("sequence", pdu.SequenceId);
        switch (pdu)
        {
            case CmppConnectResp r:
                json.WriteNumber("status", r.Status);
                break;
            case CmppSubmitResp r:
                json.WriteNumber("status", r.Result);
                break;
            case CmppDeliverResp r:
                json.WriteNumber("status", r.Result);
                break;
            case CmppFwdResp r:
                json.WriteNumber("status", r.Result);
                break;
            case CmppCancelResp r:
                json.WriteNumber("status", r.SuccessId);
                break;
        }
        json.WriteStartObject("fields");
        WriteFields(pdu, json);
        json.WriteEndObject();
        if (pdu is CmppDeliver { Report: { } report })
        {
            json.WriteStartObject("report");
            json.WriteString("Msg_Id", report.MsgId.ToString());
            json.WriteString("Stat", report.Stat);
            json.WriteString("Submit_time", report.SubmitTime);
            json.WriteString("Done_time", report.DoneTime);
            json.WriteString("Dest_terminal_Id", report.DestTerminalId);
            json.WriteNumber("SMSC_sequence", report.SmscSequence);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private void WriteFields(CmppPdu pdu, Utf8JsonWriter json)
    {
        var v3 = version == CmppVersion.V30;
        switch (pdu)
        {
            case CmppConnect c:
                json.WriteString("Source_Addr", c.SourceAddr);
                json.WriteString("AuthenticatorSource", Convert.ToHexString(c.AuthenticatorSource.Span));
                json.WriteNumber("Version", c.Version);
                json.WriteNumber("Timestamp", c.Timestamp);
                break;
            case CmppConnectResp r:
                json.WriteNumber("Status", r.Status);
                json.WriteString("AuthenticatorISMG", Convert.ToHexString(r.AuthenticatorIsmg.Span));
                json.WriteNumber("Version", r.Version);
                break;
            case CmppSubmit s:
                json.WriteString("Msg_Id", s.MsgId.ToString());
                json.WriteNumber("Pk_total", s.PkTotal);
                json.WriteNumber("Pk_number", s.PkNumber);
                json.WriteNumber("Registered_Delivery", s.RegisteredDelivery);
                json.WriteNumber("Msg_level", s.MsgLevel);
                json.WriteString("Service_Id", s.ServiceId);
                json.WriteNumber("Fee_UserType", s.FeeUserType);
                json.WriteString("Fee_terminal_Id", s.FeeTerminalId);
                if (v3)
                    json.WriteNumber("Fee_terminal_type", s.FeeTerminalType);
                json.WriteNumber("TP_pId", s.TpPid);
                json.WriteNumber("TP_udhi", s.TpUdhi);
                json.WriteNumber("Msg_Fmt", s.MsgFmt);
                json.WriteString("Msg_src", s.MsgSrc);
                json.WriteString("FeeType", s.FeeType);
                json.WriteString("FeeCode", s.FeeCode);
                json.WriteString("ValId_Time", s.ValidTime);
                json.WriteString("At_Time", s.AtTime);
                json.WriteString("Src_Id", s.SrcId);
                json.WriteNumber("DestUsr_tl", s.DestTerminalIds.Count);
                json.WriteStartArray("Dest_terminal_Id");
                foreach (var dest in s.DestTerminalIds)
                    json.WriteStringValue(dest);
                json.WriteEndArray();
                if (v3)
                    json.WriteNumber("Dest_terminal_type", s.DestTerminalType);
                json.WriteNumber("Msg_Length", s.MsgContent.Length);
                json.WriteString("Msg_Content", Convert.ToHexString(s.MsgContent.Span));
                if (v3)
                    json.WriteString("LinkID", s.LinkId);
                else
                    json.WriteString("Reserve", s.Reserve);
                break;
            case CmppSubmitResp r:
                json.WriteString("Msg_Id", r.MsgId.ToString());
                json.WriteNumber("Result", r.Result);
                break;
            case CmppDeliver d:
                json.WriteString("Msg_Id", d.MsgId.ToString());
                json.WriteString("Dest_Id", d.DestId);
                json.WriteString("Service_Id", d.ServiceId);
                json.WriteNumber("TP_pid", d.TpPid);
                json.WriteNumber("TP_udhi", d.TpUdhi);
                json.WriteNumber("Msg_Fmt", d.MsgFmt);
                json.WriteString("Src_terminal_Id", d.SrcTerminalId);
                if (v3)
                    json.WriteNumber("Src_terminal_type", d.SrcTerminalType);
                json.WriteNumber("Registered_Delivery", d.RegisteredDelivery);
                json.WriteNumber("Msg_Length", d.MsgContent.Length);
                json.WriteString("Msg_Content", Convert.ToHexString(d.MsgContent.Span));
                if (v3)
                    json.WriteString("LinkID", d.LinkId);
                else
                    json.WriteString("Reserve", d.Reserve);
                break;
            case CmppDeliverResp r:
                json.WriteString("Msg_Id", r.MsgId.ToString());
                json.WriteNumber("Result", r.Result);
                break;
            case CmppActiveTestResp r:
                json.WriteNumber("Reserved", r.Reserved);
                break;
            case CmppFwd f:
                WriteForward(f, json);
                break;
            case CmppFwdResp r:
                json.WriteString("Msg_Id", r.MsgId.ToString());
                json.WriteNumber("Pk_total", r.PkTotal);
                json.WriteNumber("Pk_number", r.PkNumber);
                json.WriteNumber("Result", r.Result);
                break;
            case CmppQuery q:
                json.WriteString("Time", q.Time);
                json.WriteNumber("Query_Type", q.QueryType);
                json.WriteString("Query_Code", q.QueryCode);
                json.WriteString("Reserve", q.Reserve);
                break;
            case CmppQueryResp r:
                json.WriteString("Time", r.Time);
                json.WriteNumber("Query_Type", r.QueryType);
                json.WriteString("Query_Code", r.QueryCode);
                json.WriteNumber("MT_TLMsg", r.MtTotalMessages);
                json.WriteNumber("MT_Tlusr", r.MtTotalUsers);
                json.WriteNumber("MT_Scs", r.MtSucceeded);
                json.WriteNumber("MT_WT", r.MtWaiting);
                json.WriteNumber("MT_FL", r.MtFailed);
                json.WriteNumber("MO_Scs", r.MoSucceeded);
                json.WriteNumber("MO_WT", r.MoWaiting);
                json.WriteNumber("MO_FL", r.MoFailed);
                break;
            case CmppCancel c:
                json.WriteString("Msg_Id", c.MsgId.ToString());
                break;
            case CmppCancelResp r:
                json.WriteNumber("Success_Id", r.SuccessId);
                break;
            case CmppRawPdu raw:
                // A command this decoder does not lay out (the route commands, 3.0's FWD): its body as it came.
                json.WriteString("body", Convert.ToHexString(raw.Body.Span));
                break;
        }
    }

    /// <summary>A 2.0 CMPP_FWD under the spec's field names.</summary>
    private static void WriteForward(CmppFwd f, Utf8JsonWriter json)
    {
        json.WriteString("Source_Id", f.SourceId);
        json.WriteString("Destination_Id", f.DestinationId);
        json.WriteNumber("NodesCount", f.NodesCount);
        json.WriteNumber("Msg_Fwd_Type", f.MsgFwdType);
        json.WriteString("Msg_Id", f.MsgId.ToString());
        json.WriteNumber("Pk_total", f.PkTotal);
        json.WriteNumber("Pk_number", f.PkNumber);
        json.WriteNumber("Registered_Delivery", f.RegisteredDelivery);
        json.WriteNumber("Msg_level", f.MsgLevel);
        json.WriteString("Service_Id", f.ServiceId);
        json.WriteNumber("Fee_UserType", f.FeeUserType);
        json.WriteString("Fee_terminal_Id", f.FeeTerminalId);
        json.WriteNumber("TP_pId", f.TpPid);
        json.WriteNumber("TP_udhi", f.TpUdhi);
        json.WriteNumber("Msg_Fmt", f.MsgFmt);
        json.WriteString("Msg_src", f.MsgSrc);
        json.WriteString("FeeType", f.FeeType);
        json.WriteString("FeeCode", f.FeeCode);
        json.WriteString("Valid_Time", f.ValidTime);
        json.WriteString("At_Time", f.AtTime);
        json.WriteString("Src_Id", f.SrcId);
        json.WriteNumber("DestUsr_tl", f.DestIds.Count);
        json.WriteStartArray("Dest_Id");
        foreach (var dest in f.DestIds)
            json.WriteStringValue(dest);
        json.WriteEndArray();
        json.WriteNumber("Msg_Length", f.MsgContent.Length);
        json.WriteString("Msg_Content", Convert.ToHexString(f.MsgContent.Span));
        json.WriteString("Reserve", f.Reserve);
    }
}
