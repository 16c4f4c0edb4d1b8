using System.Buffers;
using CsCheck;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Protocol.Tests.Sms.Cmpp;

/// <summary>Round trips over random PDUs of both versions, and reading from a stream split at every byte.</summary>
public sealed class CmppRoundTripTests
{
    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public void Encode_decode_encode_is_the_identity(CmppVersion version)
    {
        CmppGenerators.Any(version).Sample(pdu =>
        {
            var bytes = CmppCodec.ToArray(pdu, version);
            Assert.Equal(CmppCodec.GetTotalLength(pdu, version), bytes.Length);
            var decoded = CmppCodec.Decode(bytes, version);
            Assert.Equal(pdu.GetType(), decoded.GetType());
            Assert.Equal(pdu.SequenceId, decoded.SequenceId);
            Assert.Equal(bytes, CmppCodec.ToArray(decoded, version));
        }, iter: 500, threads: 1);
    }

    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public void Submit_fields_survive_the_round_trip(CmppVersion version)
    {
        CmppGenerators.Submit(version).Sample(submit =>
        {
            var decoded = Assert.IsType<CmppSubmit>(CmppCodec.Decode(CmppCodec.ToArray(submit, version), version));
            Assert.Equal(submit.DestTerminalIds, decoded.DestTerminalIds);
            Assert.Equal(submit.MsgContent.ToArray(), decoded.MsgContent.ToArray());
            Assert.Equal(
                (submit.MsgId, submit.RegisteredDelivery, submit.ServiceId, submit.FeeTerminalId, submit.FeeTerminalType, submit.MsgFmt, submit.SrcId, submit.ValidTime, submit.AtTime, submit.LinkId, submit.Reserve),
                (decoded.MsgId, decoded.RegisteredDelivery, decoded.ServiceId, decoded.FeeTerminalId, decoded.FeeTerminalType, decoded.MsgFmt, decoded.SrcId, decoded.ValidTime, decoded.AtTime, decoded.LinkId, decoded.Reserve));
        }, iter: 300, threads: 1);
    }

    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public void Status_reports_survive_the_round_trip(CmppVersion version)
    {
        CmppGenerators.Report(version).Sample(report =>
        {
            var content = new byte[CmppStatusReport.GetLength(version)];
            report.Write(content, version);
            Assert.Equal(report, CmppStatusReport.Read(content, version));
        }, iter: 300, threads: 1);
    }

    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public void A_stream_split_at_every_byte_yields_the_same_pdus(CmppVersion version)
    {
        CmppGenerators.Any(version).Array[2, 3].Sample(pdus =>
        {
            var stream = pdus.SelectMany(p => CmppCodec.ToArray(p, version)).ToArray();
            for (var cut = 0; cut <= stream.Length; cut++)
            {
                var buffer = Segments.Split(stream, cut);
                var read = new List<byte[]>();
                while (CmppCodec.TryRead(ref buffer, version, out var pdu))
                    read.Add(CmppCodec.ToArray(pdu!, version));
                Assert.True(buffer.IsEmpty);
                Assert.Equal(pdus.Select(p => CmppCodec.ToArray(p, version)), read);
            }
        }, iter: 20, threads: 1);
    }

    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public void Every_prefix_of_a_pdu_asks_for_more_bytes_and_consumes_nothing(CmppVersion version)
    {
        CmppGenerators.Any(version).Sample(pdu =>
        {
            var bytes = CmppCodec.ToArray(pdu, version);
            for (var length = 0; length < bytes.Length; length++)
            {
                var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
                Assert.False(CmppCodec.TryRead(ref buffer, version, out var none));
                Assert.Null(none);
                Assert.Equal(length, buffer.Length);
            }
        }, iter: 100, threads: 1);
    }

    [Fact]
    public void Connect_resp_and_submit_resp_are_read_by_their_length_whatever_the_link_version()
    {
        var v2 = CmppCodec.ToArray(new CmppSubmitResp { MsgId = new CmppMsgId(1), Result = 8 }, CmppVersion.V20);
        var v3 = CmppCodec.ToArray(new CmppSubmitResp { MsgId = new CmppMsgId(1), Result = 8 }, CmppVersion.V30);
        Assert.Equal(8u, Assert.IsType<CmppSubmitResp>(CmppCodec.Decode(v2, CmppVersion.V30)).Result);
        Assert.Equal(8u, Assert.IsType<CmppSubmitResp>(CmppCodec.Decode(v3, CmppVersion.V20)).Result);
        var refusal = CmppCodec.ToArray(new CmppConnectResp { Status = 4, AuthenticatorIsmg = new byte[16], Version = 0x20 }, CmppVersion.V20);
        Assert.Equal(4u, Assert.IsType<CmppConnectResp>(CmppCodec.Decode(refusal, CmppVersion.V30)).Status);
    }
}
