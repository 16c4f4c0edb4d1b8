using CsCheck;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Protocol.Tests.Sms.Cmpp;

/// <summary>CsCheck generators of valid CMPP PDUs for a version (fields within their widths and the spec's limits).</summary>
internal static class CmppGenerators
{
    private static Gen<string> Text(int max) => Gen.Char["0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz: "].Array[0, max]
        .Select(chars => new string(chars));

    private static Gen<string> Digits(int min, int max) => Gen.Char['0', '9'].Array[min, max].Select(chars => new string(chars));

    public static readonly Gen<CmppVersion> Version = Gen.OneOf<CmppVersion>(CmppVersion.V20, CmppVersion.V30);

    public static Gen<CmppSubmit> Submit(CmppVersion version)
    {
        var terminal = version.TerminalIdLength();
        var head = Gen.Select(Gen.ULong, Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte, Text(10), Gen.Byte, Digits(0, terminal));
        var mid = Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte, Gen.OneOf<byte>(0, 3, 4, 8, 15), Text(6), Digits(0, 2), Digits(0, 6), Text(17));
        var tail = Gen.Select(Text(17), Digits(0, 21), Digits(1, terminal).Array[1, 99], Gen.Byte, Text(20), Gen.UInt);
        return Gen.Select(head, mid, tail).SelectMany((h, m, t) =>
            Gen.Byte.Array[0, CmppMsgFmt.MaxContentLength(m.Item4)].Select(content => new CmppSubmit
            {
                SequenceId = t.Item6,
                MsgId = new CmppMsgId(h.Item1),
                PkTotal = h.Item2,
                PkNumber = h.Item3,
                RegisteredDelivery = h.Item4,
                MsgLevel = h.Item5,
                ServiceId = h.Item6,
                FeeUserType = h.Item7,
                FeeTerminalId = h.Item8,
                FeeTerminalType = version == CmppVersion.V30 ? m.Item1 : (byte)0,
                TpPid = m.Item2,
                TpUdhi = m.Item3,
                MsgFmt = m.Item4,
                MsgSrc = m.Item5,
                FeeType = m.Item6,
                FeeCode = m.Item7,
                ValidTime = m.Item8,
                AtTime = t.Item1,
                SrcId = t.Item2,
                DestTerminalIds = t.Item3,
                DestTerminalType = version == CmppVersion.V30 ? t.Item4 : (byte)0,
                MsgContent = content,
                Reserve = version == CmppVersion.V20 ? t.Item5[..Math.Min(8, t.Item5.Length)] : string.Empty,
                LinkId = version == CmppVersion.V30 ? t.Item5 : string.Empty,
            }));
    }

    public static Gen<CmppStatusReport> Report(CmppVersion version) =>
        Gen.Select(Gen.ULong, Gen.OneOf<string>(CmppStat.Delivered, CmppStat.Expired, CmppStat.Undeliverable, "MA:0054"), Digits(10, 10), Digits(10, 10), Digits(1, version.TerminalIdLength()), Gen.UInt)
            .Select((id, stat, submit, done, dest, seq) => new CmppStatusReport(new CmppMsgId(id), stat, submit, done, dest, seq));

    public static Gen<CmppDeliver> Deliver(CmppVersion version) =>
        Gen.Select(Gen.ULong, Digits(0, 21), Text(10), Gen.Byte, Gen.Byte, Digits(1, version.TerminalIdLength()), Gen.Byte, Gen.UInt)
            .SelectMany((id, dest, service, pid, fmt, src, srcType, seq) => Gen.Frequency(
                (3, Gen.Byte.Array[0, 140].Select(content => new CmppDeliver
                {
                    SequenceId = seq,
                    MsgId = new CmppMsgId(id),
                    DestId = dest,
                    ServiceId = service,
                    TpPid = pid,
                    TpUdhi = (byte)(fmt & 1),
                    MsgFmt = fmt,
                    SrcTerminalId = src,
                    SrcTerminalType = version == CmppVersion.V30 ? srcType : (byte)0,
                    MsgContent = content,
                    Reserve = version == CmppVersion.V20 ? "r" : string.Empty,
                    LinkId = version == CmppVersion.V30 ? "link" : string.Empty,
                })),
                (1, Report(version).Select(report => CmppDeliver.ForReport(report, version, new CmppMsgId(id), dest, service, seq)))));

    public static Gen<CmppPdu> Any(CmppVersion version) => Gen.Frequency(
        (3, Submit(version).Select(p => (CmppPdu)p)),
        (3, Deliver(version).Select(p => (CmppPdu)p)),
        (2, Gen.Select(Gen.ULong, Gen.UInt, Gen.UInt).Select((id, result, seq) => (CmppPdu)new CmppSubmitResp
        {
            SequenceId = seq,
            MsgId = new CmppMsgId(id),
            Result = version == CmppVersion.V20 ? (byte)result : result,
        })),
        (1, Gen.Select(Gen.ULong, Gen.Byte, Gen.UInt).Select((id, result, seq) => (CmppPdu)new CmppDeliverResp { SequenceId = seq, MsgId = new CmppMsgId(id), Result = result })),
        (1, Gen.Select(Digits(6, 6), Gen.Byte.Array[16], Gen.Byte, Gen.UInt, Gen.UInt).Select((sp, auth, v, ts, seq) => (CmppPdu)new CmppConnect
        {
            SequenceId = seq,
            SourceAddr = sp,
            AuthenticatorSource = auth,
            Version = v,
            Timestamp = ts,
        })),
        (1, Gen.Select(Gen.Byte, Gen.Byte.Array[16], Gen.UInt).Select((status, auth, seq) => (CmppPdu)new CmppConnectResp
        {
            SequenceId = seq,
            Status = status,
            AuthenticatorIsmg = auth,
            Version = (byte)version,
        })),
        (1, Gen.UInt.Select(seq => (CmppPdu)new CmppActiveTest { SequenceId = seq })),
        (1, Gen.Select(Gen.UInt, Gen.Byte).Select((seq, r) => (CmppPdu)new CmppActiveTestResp { SequenceId = seq, Reserved = r })),
        (1, Gen.UInt.Select(seq => (CmppPdu)new CmppTerminate { SequenceId = seq })),
        (1, Gen.UInt.Select(seq => (CmppPdu)new CmppTerminateResp { SequenceId = seq })));
}
