namespace Tsm.Protocol.Sms.Cmpp;

/// <summary>CMPP Command_Id values (docs/sms.md "CMPP 2.0 / 3.0", CMPP 3.0 §7.4.2). A response is the request's id | 0x80000000.</summary>
public enum CmppCommandId : uint
{
    Connect = 0x00000001,
    Terminate = 0x00000002,
    Submit = 0x00000004,
    Deliver = 0x00000005,
    Query = 0x00000006,
    Cancel = 0x00000007,
    ActiveTest = 0x00000008,
    Fwd = 0x00000009,
    MtRoute = 0x00000010,
    MoRoute = 0x00000011,
    GetMtRoute = 0x00000012,
    MtRouteUpdate = 0x00000013,
    MoRouteUpdate = 0x00000014,
    PushMtRouteUpdate = 0x00000015,
    PushMoRouteUpdate = 0x00000016,
    GetMoRoute = 0x00000017,

    ConnectResp = 0x80000001,
    TerminateResp = 0x80000002,
    SubmitResp = 0x80000004,
    DeliverResp = 0x80000005,
    QueryResp = 0x80000006,
    CancelResp = 0x80000007,
    ActiveTestResp = 0x80000008,
    FwdResp = 0x80000009,
    MtRouteResp = 0x80000010,
    MoRouteResp = 0x80000011,
    GetMtRouteResp = 0x80000012,
    MtRouteUpdateResp = 0x80000013,
    MoRouteUpdateResp = 0x80000014,
    PushMtRouteUpdateResp = 0x80000015,
    PushMoRouteUpdateResp = 0x80000016,
    GetMoRouteResp = 0x80000017,
}

/// <summary>Names and classification of <see cref="CmppCommandId"/> values.</summary>
public static class CmppCommands
{
    /// <summary>Bit 31 marks a response.</summary>
    public const uint ResponseBit = 0x80000000;

    public static bool IsResponse(this CmppCommandId id) => ((uint)id & ResponseBit) != 0;

    /// <summary>The response id for a request id.</summary>
    public static CmppCommandId ResponseOf(this CmppCommandId id) => (CmppCommandId)((uint)id | ResponseBit);

    /// <summary>True for the ids the spec defines (requests 0x1–0x2, 0x4–0x9, 0x10–0x17 and their responses).</summary>
    public static bool IsDefined(uint id)
    {
        var request = id & ~ResponseBit;
        return request is 0x1 or 0x2 or (>= 0x4 and <= 0x9) or (>= 0x10 and <= 0x17);
    }

    /// <summary>The spec's name, e.g. <c>CMPP_SUBMIT</c>, <c>CMPP_ACTIVE_TEST_RESP</c>.</summary>
    public static string SpecName(this CmppCommandId id) => id switch
    {
        CmppCommandId.Connect => "CMPP_CONNECT",
        CmppCommandId.Terminate => "CMPP_TERMINATE",
        CmppCommandId.Submit => "CMPP_SUBMIT",
        CmppCommandId.Deliver => "CMPP_DELIVER",
        CmppCommandId.Query => "CMPP_QUERY",
        CmppCommandId.Cancel => "CMPP_CANCEL",
        CmppCommandId.ActiveTest => "CMPP_ACTIVE_TEST",
        CmppCommandId.Fwd => "CMPP_FWD",
        CmppCommandId.MtRoute => "CMPP_MT_ROUTE",
        CmppCommandId.MoRoute => "CMPP_MO_ROUTE",
        CmppCommandId.GetMtRoute => "CMPP_GET_MT_ROUTE",
        CmppCommandId.MtRouteUpdate => "CMPP_MT_ROUTE_UPDATE",
        CmppCommandId.MoRouteUpdate => "CMPP_MO_ROUTE_UPDATE",
        CmppCommandId.PushMtRouteUpdate => "CMPP_PUSH_MT_ROUTE_UPDATE",
        CmppCommandId.PushMoRouteUpdate => "CMPP_PUSH_MO_ROUTE_UPDATE",
        CmppCommandId.GetMoRoute => "CMPP_GET_MO_ROUTE",
        _ when id.IsResponse() && IsDefined((uint)id) => ((CmppCommandId)((uint)id & ~ResponseBit)).SpecName() + "_RESP",
        _ => $"0x{(uint)id:X8}",
    };
}
