namespace Tsm.Protocol.Sms.Smpp;

/// <summary>
/// SMPP 3.4 command_status values (§5.1.3, Table 5-2). Statuses are answered, not thrown; only framing errors
/// close a connection. Kannel treats <see cref="RMSGQFUL"/> and <see cref="RTHROTTLED"/> as temporary.
/// </summary>
public static class SmppStatus
{
    public const uint ROK = 0x00000000;
    public const uint RINVMSGLEN = 0x00000001;
    public const uint RINVCMDLEN = 0x00000002;
    public const uint RINVCMDID = 0x00000003;
    public const uint RINVBNDSTS = 0x00000004;
    public const uint RALYBND = 0x00000005;
    public const uint RINVPRTFLG = 0x00000006;
    public const uint RINVREGDLVFLG = 0x00000007;
    public const uint RSYSERR = 0x00000008;
    public const uint RINVSRCADR = 0x0000000A;
    public const uint RINVDSTADR = 0x0000000B;
    public const uint RINVMSGID = 0x0000000C;
    public const uint RBINDFAIL = 0x0000000D;
    public const uint RINVPASWD = 0x0000000E;
    public const uint RINVSYSID = 0x0000000F;
    public const uint RCANCELFAIL = 0x00000011;
    public const uint RREPLACEFAIL = 0x00000013;
    public const uint RMSGQFUL = 0x00000014;
    public const uint RINVSERTYP = 0x00000015;
    public const uint RINVNUMDESTS = 0x00000033;
    public const uint RINVDLNAME = 0x00000034;
    public const uint RINVDESTFLAG = 0x00000040;
    public const uint RINVSUBREP = 0x00000042;
    public const uint RINVESMCLASS = 0x00000043;
    public const uint RCNTSUBDL = 0x00000044;
    public const uint RSUBMITFAIL = 0x00000045;
    public const uint RINVSRCTON = 0x00000048;
    public const uint RINVSRCNPI = 0x00000049;
    public const uint RINVDSTTON = 0x00000050;
    public const uint RINVDSTNPI = 0x00000051;
    public const uint RINVSYSTYP = 0x00000053;
    public const uint RINVREPFLAG = 0x00000054;
    public const uint RINVNUMMSGS = 0x00000055;
    public const uint RTHROTTLED = 0x00000058;
    public const uint RINVSCHED = 0x00000061;
    public const uint RINVEXPIRY = 0x00000062;
    public const uint RINVDFTMSGID = 0x00000063;
    public const uint RX_T_APPN = 0x00000064;
    public const uint RX_P_APPN = 0x00000065;
    public const uint RX_R_APPN = 0x00000066;
    public const uint RQUERYFAIL = 0x00000067;
    public const uint RINVOPTPARSTREAM = 0x000000C0;
    public const uint ROPTPARNOTALLWD = 0x000000C1;
    public const uint RINVPARLEN = 0x000000C2;
    public const uint RMISSINGOPTPARAM = 0x000000C3;
    public const uint RINVOPTPARAMVAL = 0x000000C4;
    public const uint RDELIVERYFAILURE = 0x000000FE;
    public const uint RUNKNOWNERR = 0x000000FF;

    /// <summary>True for the statuses that mean "try again later" (message queue full, throttled).</summary>
    public static bool IsTemporary(uint status) => status is RMSGQFUL or RTHROTTLED;

    /// <summary>The spec's name with the <c>ESME_</c> prefix (e.g. <c>ESME_RTHROTTLED</c>), or a hex form for vendor codes.</summary>
    public static string Name(uint status) => status switch
    {
        ROK => "ESME_ROK",
        RINVMSGLEN => "ESME_RINVMSGLEN",
        RINVCMDLEN => "ESME_RINVCMDLEN",
        RINVCMDID => "ESME_RINVCMDID",
        RINVBNDSTS => "ESME_RINVBNDSTS",
        RALYBND => "ESME_RALYBND",
        RINVPRTFLG => "ESME_RINVPRTFLG",
        RINVREGDLVFLG => "ESME_RINVREGDLVFLG",
        RSYSERR => "ESME_RSYSERR",
        RINVSRCADR => "ESME_RINVSRCADR",
        RINVDSTADR => "ESME_RINVDSTADR",
        RINVMSGID => "ESME_RINVMSGID",
        RBINDFAIL => "ESME_RBINDFAIL",
        RINVPASWD => "ESME_RINVPASWD",
        RINVSYSID => "ESME_RINVSYSID",
        RCANCELFAIL => "ESME_RCANCELFAIL",
        RREPLACEFAIL => "ESME_RREPLACEFAIL",
        RMSGQFUL => "ESME_RMSGQFUL",
        RINVSERTYP => "ESME_RINVSERTYP",
        RINVNUMDESTS => "ESME_RINVNUMDESTS",
        RINVDLNAME => "ESME_RINVDLNAME",
        RINVDESTFLAG => "ESME_RINVDESTFLAG",
        RINVSUBREP => "ESME_RINVSUBREP",
        RINVESMCLASS => "ESME_RINVESMCLASS",
        RCNTSUBDL => "ESME_RCNTSUBDL",
        RSUBMITFAIL => "ESME_RSUBMITFAIL",
        RINVSRCTON => "ESME_RINVSRCTON",
        RINVSRCNPI => "ESME_RINVSRCNPI",
        RINVDSTTON => "ESME_RINVDSTTON",
        RINVDSTNPI => "ESME_RINVDSTNPI",
        RINVSYSTYP => "ESME_RINVSYSTYP",
        RINVREPFLAG => "ESME_RINVREPFLAG",
        RINVNUMMSGS => "ESME_RINVNUMMSGS",
        RTHROTTLED => "ESME_RTHROTTLED",
        RINVSCHED => "ESME_RINVSCHED",
        RINVEXPIRY => "ESME_RINVEXPIRY",
        RINVDFTMSGID => "ESME_RINVDFTMSGID",
        RX_T_APPN => "ESME_RX_T_APPN",
        RX_P_APPN => "ESME_RX_P_APPN",
        RX_R_APPN => "ESME_RX_R_APPN",
        RQUERYFAIL => "ESME_RQUERYFAIL",
        RINVOPTPARSTREAM => "ESME_RINVOPTPARSTREAM",
        ROPTPARNOTALLWD => "ESME_ROPTPARNOTALLWD",
        RINVPARLEN => "ESME_RINVPARLEN",
        RMISSINGOPTPARAM => "ESME_RMISSINGOPTPARAM",
        RINVOPTPARAMVAL => "ESME_RINVOPTPARAMVAL",
        RDELIVERYFAILURE => "ESME_RDELIVERYFAILURE",
        RUNKNOWNERR => "ESME_RUNKNOWNERR",
        _ => $"0x{status:X8}",
    };
}
