using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Gateway.Sms.Cmpp;

/// <summary>
/// CMPP 2.0/3.0 for the SP side of <see cref="SmsLink{TPdu}"/> (docs/sms.md "CMPP 2.0 / 3.0"): CONNECT with AuthenticatorSource
/// and verification of AuthenticatorISMG, ACTIVE_TEST as keep-alive, TERMINATE to close, SUBMIT_RESP Result 8 as
/// throttling, and DELIVERs (status reports and MO) handed to the <see cref="ISmsInboundHandler"/> before they are
/// acknowledged. One instance serves every link of an account.
/// </summary>
public sealed class CmppLinkProtocol : ISmsLinkProtocol<CmppPdu>
{
    private readonly CmppAccountOptions _account;
    private readonly ISmsInboundHandler _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxTotalLength;

    public CmppLinkProtocol(CmppAccountOptions account, ISmsInboundHandler handler, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);
        _account = account;
        _handler = handler;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        Version = account.ParsedVersion;
        _maxTotalLength = CmppHeader.MaxTotalLength(Version);
        Name = Version == CmppVersion.V30 ? "cmpp30" : "cmpp20";
    }

    public CmppVersion Version { get; }

    public string Name { get; }

    /// <summary>Sequence_Id is a 4-octet number that wraps.</summary>
    public uint MaxSequence => uint.MaxValue;

    public LinkFrame<CmppPdu> ReadFrame(ref ReadOnlySequence<byte> buffer)
    {
        ReadOnlySequence<byte> frame;
        try
        {
            if (!CmppFraming.TryReadFrame(ref buffer, _maxTotalLength, out frame))
                return LinkFrame<CmppPdu>.Incomplete;
        }
        catch (CmppFormatException ex)
        {
            return new LinkFrame<CmppPdu>(LinkFrameKind.Fatal, Error: ex.Message);
        }
        try
        {
            return new LinkFrame<CmppPdu>(LinkFrameKind.Pdu, CmppCodec.Decode(frame, Version));
        }
        catch (CmppFormatException ex)
        {
            return Malformed(frame, ex.Message);
        }
    }

    /// <summary>A whole frame with a broken body: a DELIVER gets Result 1 (structure) and the link goes on.</summary>
    private static LinkFrame<CmppPdu> Malformed(ReadOnlySequence<byte> frame, string error)
    {
        Span<byte> head = stackalloc byte[CmppHeader.Length];
        frame.Slice(0, CmppHeader.Length).CopyTo(head);
        var header = CmppHeader.Read(head);
        var reply = header.CommandId == CmppCommandId.Deliver
            ? new CmppDeliverResp { MsgId = MsgIdOf(frame), Result = CmppSubmitResult.InvalidStructure }
            : null;
        return new LinkFrame<CmppPdu>(LinkFrameKind.Malformed, Reply: reply, Error: error, ReplySequence: header.SequenceId);
    }

    public void Write(CmppPdu pdu, uint sequence, IBufferWriter<byte> output) => CmppCodec.Write(output, pdu, Version, sequence);

    public bool IsResponse(CmppPdu pdu, out uint sequence)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        sequence = pdu.SequenceId;
        return pdu.CommandId.IsResponse();
    }

    public CmppPdu CreateHandshake() =>
        CmppConnect.Create(_account.SpId, _account.SharedSecret, Version, _time.GetLocalNow().DateTime, sequenceId: 0);

    public LinkHandshakeResult CheckHandshake(CmppPdu request, CmppPdu response)
    {
        if (request is not CmppConnect connect || response is not CmppConnectResp resp)
            return new LinkHandshakeResult(false, $"{response.CommandId.SpecName()} in answer to CMPP_CONNECT");
        if (resp.Status != CmppConnectStatus.Ok)
        {
            // Address, authentication and version refusals will not change by retrying soon.
            var permanent = resp.Status is CmppConnectStatus.IllegalSourceAddress or CmppConnectStatus.AuthenticationFailed or CmppConnectStatus.VersionTooHigh;
            return new LinkHandshakeResult(false, $"CMPP_CONNECT_RESP status {resp.Status} ({CmppConnectStatus.Name(resp.Status)})", permanent);
        }
        var expected = CmppAuthenticator.ComputeIsmg(resp.Status, connect.AuthenticatorSource.Span, _account.SharedSecret, ResultVersion(resp));
        if (!CmppAuthenticator.Verify(expected, resp.AuthenticatorIsmg.Span))
        {
            CmppClientLog.IsmgNotAuthenticated(_logger, _account.Name);
            return new LinkHandshakeResult(false, "AuthenticatorISMG does not verify (the ISMG does not know the shared secret)", Permanent: true);
        }
        return LinkHandshakeResult.Ok;
    }

    public CmppPdu CreateKeepAlive() => new CmppActiveTest();

    public CmppPdu CreateClose() => new CmppTerminate();

    public LinkResponseOutcome ClassifyResponse(CmppPdu request, CmppPdu response) => response switch
    {
        CmppSubmitResp { Result: CmppSubmitResult.Ok } => LinkResponseOutcome.Success,
        CmppSubmitResp { Result: CmppSubmitResult.FlowControl } => LinkResponseOutcome.Throttled,
        CmppSubmitResp => LinkResponseOutcome.Rejected,
        _ => LinkResponseOutcome.Success,
    };

    public async ValueTask<PeerRequestResult<CmppPdu>> HandlePeerRequestAsync(CmppPdu request, uint sequence, SmsLinkInfo link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(link);
        switch (request)
        {
            case CmppDeliver deliver:
                var result = CmppSubmitResult.Ok;
                try
                {
                    await DispatchAsync(deliver, link, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    CmppClientLog.HandlerFailed(_logger, link.ToString(), ex);
                    result = CmppSubmitResult.FlowControl;
                }
                return new PeerRequestResult<CmppPdu>(new CmppDeliverResp { MsgId = deliver.MsgId, Result = result });
            case CmppActiveTest:
                return new PeerRequestResult<CmppPdu>(new CmppActiveTestResp());
            case CmppTerminate:
                return new PeerRequestResult<CmppPdu>(new CmppTerminateResp(), Close: true);
            default:
                CmppClientLog.Ignored(_logger, link.ToString(), request.CommandId.SpecName());
                return new PeerRequestResult<CmppPdu>(null);
        }
    }

    private async ValueTask DispatchAsync(CmppDeliver deliver, SmsLinkInfo link, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (deliver.Report is { } report)
        {
            var id = report.MsgId.ToString();
            CmppClientLog.Report(_logger, link.ToString(), LogValue.Safe(id), LogValue.Safe(report.Stat));
            var state = StateOf(report.Stat);
            await _handler.OnDeliveryReportAsync(
                new SmsDeliveryReport(
                    link.Account,
                    id,
                    [id, report.MsgId.Value.ToString(CultureInfo.InvariantCulture)],
                    state,
                    report.Stat,
                    state == SmsDeliveryState.Delivered ? null : report.Stat,
                    report.DestTerminalId,
                    now),
                cancellationToken).ConfigureAwait(false);
            return;
        }
        CmppClientLog.Mo(_logger, link.ToString(), LogValue.Safe(deliver.SrcTerminalId), LogValue.Safe(deliver.DestId), deliver.MsgContent.Length);
        await _handler.OnMessageAsync(
            new SmsMoMessage(link.Account, deliver.SrcTerminalId, deliver.DestId, deliver.MsgFmt, deliver.TpUdhi == 1, deliver.MsgContent, now),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Stat of a status report as a state; gateway-specific codes (MA:xxxx, MB:xxxx ...) are failures.</summary>
    public static SmsDeliveryState StateOf(string stat) => stat switch
    {
        CmppStat.Delivered => SmsDeliveryState.Delivered,
        CmppStat.Expired => SmsDeliveryState.Expired,
        CmppStat.Deleted => SmsDeliveryState.Deleted,
        CmppStat.Undeliverable => SmsDeliveryState.Undeliverable,
        CmppStat.Accepted => SmsDeliveryState.Accepted,
        CmppStat.Rejected => SmsDeliveryState.Rejected,
        CmppStat.Unknown => SmsDeliveryState.Unknown,
        _ => SmsDeliveryState.Undeliverable,
    };

    /// <summary>The width the ISMG used for Status decides the authenticator input (a 3.0 client may get a 2.0 answer).</summary>
    private static CmppVersion ResultVersion(CmppConnectResp resp) =>
        resp.Version >= (byte)CmppVersion.V30 ? CmppVersion.V30 : CmppVersion.V20;

    private static CmppMsgId MsgIdOf(ReadOnlySequence<byte> frame)
    {
        if (frame.Length < CmppHeader.Length + 8)
            return default;
        Span<byte> id = stackalloc byte[8];
        frame.Slice(CmppHeader.Length, 8).CopyTo(id);
        return new CmppMsgId(BinaryPrimitives.ReadUInt64BigEndian(id));
    }
}
