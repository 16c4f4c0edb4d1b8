namespace Tsm.Protocol.Sms.Smpp;

/// <summary>
/// SMPP 3.4 command ids (§5.1.2.1, Table 5-1). Bit 31 marks a response: each response id is its request's id
/// with <see cref="ResponseBit"/> set.
/// </summary>
public enum SmppCommandId : uint
{
    GenericNack = 0x80000000,
    BindReceiver = 0x00000001,
    BindReceiverResp = 0x80000001,
    BindTransmitter = 0x00000002,
    BindTransmitterResp = 0x80000002,
    QuerySm = 0x00000003,
    QuerySmResp = 0x80000003,
    SubmitSm = 0x00000004,
    SubmitSmResp = 0x80000004,
    DeliverSm = 0x00000005,
    DeliverSmResp = 0x80000005,
    Unbind = 0x00000006,
    UnbindResp = 0x80000006,
    ReplaceSm = 0x00000007,
    ReplaceSmResp = 0x80000007,
    CancelSm = 0x00000008,
    CancelSmResp = 0x80000008,
    BindTransceiver = 0x00000009,
    BindTransceiverResp = 0x80000009,
    Outbind = 0x0000000B,
    EnquireLink = 0x00000015,
    EnquireLinkResp = 0x80000015,
    SubmitMulti = 0x00000021,
    SubmitMultiResp = 0x80000021,
    AlertNotification = 0x00000102,
    DataSm = 0x00000103,
    DataSmResp = 0x80000103,

    /// <summary>Not a command: the bit that turns a request id into its response id.</summary>
    ResponseBit = 0x80000000,
}

/// <summary>Names and properties of <see cref="SmppCommandId"/> values.</summary>
public static class SmppCommands
{
    /// <summary>True for a response id (bit 31 set), including generic_nack.</summary>
    public static bool IsResponse(uint commandId) => (commandId & 0x80000000u) != 0;

    /// <summary>True when the id is one of SMPP 3.4's commands.</summary>
    public static bool IsKnown(uint commandId) => Name(commandId) is not null;

    /// <summary>The response id of a request, or null for requests that have none (outbind, alert_notification) and for responses.</summary>
    public static SmppCommandId? ResponseOf(SmppCommandId request) => request switch
    {
        SmppCommandId.Outbind or SmppCommandId.AlertNotification => null,
        _ when IsResponse((uint)request) => null,
        _ => (SmppCommandId)((uint)request | 0x80000000u),
    };

    /// <summary>The spec's lower_snake_case name (e.g. <c>submit_sm_resp</c>), or null for an unknown id.</summary>
    public static string? Name(uint commandId) => (SmppCommandId)commandId switch
    {
        SmppCommandId.GenericNack => "generic_nack",
        SmppCommandId.BindReceiver => "bind_receiver",
        SmppCommandId.BindReceiverResp => "bind_receiver_resp",
        SmppCommandId.BindTransmitter => "bind_transmitter",
        SmppCommandId.BindTransmitterResp => "bind_transmitter_resp",
        SmppCommandId.QuerySm => "query_sm",
        SmppCommandId.QuerySmResp => "query_sm_resp",
        SmppCommandId.SubmitSm => "submit_sm",
        SmppCommandId.SubmitSmResp => "submit_sm_resp",
        SmppCommandId.DeliverSm => "deliver_sm",
        SmppCommandId.DeliverSmResp => "deliver_sm_resp",
        SmppCommandId.Unbind => "unbind",
        SmppCommandId.UnbindResp => "unbind_resp",
        SmppCommandId.ReplaceSm => "replace_sm",
        SmppCommandId.ReplaceSmResp => "replace_sm_resp",
        SmppCommandId.CancelSm => "cancel_sm",
        SmppCommandId.CancelSmResp => "cancel_sm_resp",
        SmppCommandId.BindTransceiver => "bind_transceiver",
        SmppCommandId.BindTransceiverResp => "bind_transceiver_resp",
        SmppCommandId.Outbind => "outbind",
        SmppCommandId.EnquireLink => "enquire_link",
        SmppCommandId.EnquireLinkResp => "enquire_link_resp",
        SmppCommandId.SubmitMulti => "submit_multi",
        SmppCommandId.SubmitMultiResp => "submit_multi_resp",
        SmppCommandId.AlertNotification => "alert_notification",
        SmppCommandId.DataSm => "data_sm",
        SmppCommandId.DataSmResp => "data_sm_resp",
        _ => null,
    };
}
