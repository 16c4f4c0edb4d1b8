using System.Buffers;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Gateway.Sms.Smpp;

/// <summary>
/// SMPP 3.4 on the generic link (ESME side): bind_* as the handshake, enquire_link as keep-alive, unbind to close,
/// ESME_RTHROTTLED (0x58) and ESME_RMSGQFUL (0x14) as throttling, deliver_sm/data_sm handed to the inbound handler.
/// </summary>
public sealed class SmppLinkProtocol(SmppAccountOptions options, ISmsInboundHandler handler, ILogger logger, TimeProvider? time = null)
    : ISmsLinkProtocol<SmppPdu>
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Name => "smpp34";

    /// <summary>sequence_number runs 1..0x7FFFFFFF (§3.2).</summary>
    public uint MaxSequence => 0x7FFFFFFF;

    public LinkFrame<SmppPdu> ReadFrame(ref ReadOnlySequence<byte> buffer)
    {
        SmppHeader header;
        ReadOnlySequence<byte> body;
        try
        {
            if (!SmppCodec.TryReadFrame(ref buffer, out header, out body))
                return LinkFrame<SmppPdu>.Incomplete;
        }
        catch (SmppFormatException ex)
        {
            return new LinkFrame<SmppPdu>(LinkFrameKind.Fatal, Reply: SmppCodec.ErrorResponse(ex), Error: ex.Message, ReplySequence: ex.Sequence);
        }
        try
        {
            return new LinkFrame<SmppPdu>(LinkFrameKind.Pdu, SmppCodec.Decode(header, body));
        }
        catch (SmppFormatException ex)
        {
            return new LinkFrame<SmppPdu>(LinkFrameKind.Malformed, Reply: SmppCodec.ErrorResponse(ex), Error: ex.Message, ReplySequence: ex.Sequence);
        }
    }

    public void Write(SmppPdu pdu, uint sequence, IBufferWriter<byte> output) => SmppCodec.Write(pdu, sequence, output);

    public bool IsResponse(SmppPdu pdu, out uint sequence)
    {
        sequence = pdu.Sequence;
        return pdu.IsResponse;
    }

    public SmppPdu CreateHandshake() => new Bind
    {
        Mode = options.BindMode,
        SystemId = options.SystemId,
        Password = options.Password,
        SystemType = options.SystemType,
        AddressRange = options.AddressRange,
    };

    public LinkHandshakeResult CheckHandshake(SmppPdu request, SmppPdu response)
    {
        if (response is BindResp { Status: SmppStatus.ROK })
            return LinkHandshakeResult.Ok;
        var permanent = response.Status is SmppStatus.RINVPASWD or SmppStatus.RINVSYSID or SmppStatus.RINVSYSTYP;
        return new LinkHandshakeResult(false, $"{SmppCommands.Name((uint)response.CommandId)} {SmppStatus.Name(response.Status)}", permanent);
    }

    public SmppPdu CreateKeepAlive() => new EnquireLink();

    public SmppPdu CreateClose() => new Unbind();

    public LinkResponseOutcome ClassifyResponse(SmppPdu request, SmppPdu response) => response.Status switch
    {
        SmppStatus.ROK => LinkResponseOutcome.Success,
        _ when SmppStatus.IsTemporary(response.Status) => LinkResponseOutcome.Throttled,
        _ => LinkResponseOutcome.Rejected,
    };

    public async ValueTask<PeerRequestResult<SmppPdu>> HandlePeerRequestAsync(SmppPdu request, uint sequence, SmsLinkInfo link, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case EnquireLink:
                return new(new EnquireLinkResp { Sequence = sequence });
            case Unbind:
                return new(new UnbindResp { Sequence = sequence }, Close: true);
            case DeliverSm deliver:
                return new(new DeliverSmResp { Sequence = sequence, Status = await DeliverAsync(deliver, deliver.UserData, link, cancellationToken).ConfigureAwait(false) });
            case DataSm data:
                var payload = data.FindTlv(SmppTlvTag.MessagePayload)?.Value ?? ReadOnlyMemory<byte>.Empty;
                var asDeliver = new DeliverSm
                {
                    Source = data.Source,
                    Destination = data.Destination,
                    EsmClass = data.EsmClass,
                    DataCoding = data.DataCoding,
                    Tlvs = data.Tlvs,
                };
                return new(new DataSmResp { Sequence = sequence, Status = await DeliverAsync(asDeliver, payload, link, cancellationToken).ConfigureAwait(false) });
            case AlertNotification alert:
                SmppLog.Alert(logger, link, LogValue.Safe(alert.Source.Address));
                return new(null);
            case Outbind:
                return new(null);
            default:
                SmppLog.UnexpectedRequest(logger, link, SmppCommands.Name((uint)request.CommandId) ?? "?");
                return new(SmppCodec.EmptyResponse(request.CommandId, SmppStatus.RINVBNDSTS, sequence) ?? new GenericNack { Status = SmppStatus.RINVCMDID, Sequence = sequence });
        }
    }

    /// <summary>Hands a receipt or MO message to the handler; the status to acknowledge with.</summary>
    private async ValueTask<uint> DeliverAsync(DeliverSm deliver, ReadOnlyMemory<byte> userData, SmsLinkInfo link, CancellationToken cancellationToken)
    {
        try
        {
            if (deliver.IsDeliveryReceipt)
            {
                if (!SmppDeliveryReceipt.TryFrom(deliver, out var receipt))
                {
                    SmppLog.UnreadableReceipt(logger, link);
                    return SmppStatus.ROK;
                }
                await handler.OnDeliveryReportAsync(ToReport(receipt!, deliver, link), cancellationToken).ConfigureAwait(false);
                return SmppStatus.ROK;
            }
            await handler.OnMessageAsync(
                new SmsMoMessage(
                    link.Account,
                    deliver.Source.Address,
                    deliver.Destination.Address,
                    deliver.DataCoding,
                    (deliver.EsmClass & SmppEsmClass.Udhi) != 0,
                    userData.ToArray(),
                    _time.GetUtcNow()),
                cancellationToken).ConfigureAwait(false);
            return SmppStatus.ROK;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // ESME_RX_T_APPN: a temporary application error, so the SMSC keeps the message and delivers it again.
            SmppLog.HandlerFailed(logger, link, SmppStatus.Name(SmppStatus.RX_T_APPN), ex);
            return SmppStatus.RX_T_APPN;
        }
    }

    private SmsDeliveryReport ToReport(SmppDeliveryReceipt receipt, DeliverSm deliver, SmsLinkInfo link) => new(
        link.Account,
        receipt.MessageId,
        SmppMessageIds.Candidates(receipt.MessageId),
        receipt.State switch
        {
            SmppMessageState.Enroute => SmsDeliveryState.Enroute,
            SmppMessageState.Delivered => SmsDeliveryState.Delivered,
            SmppMessageState.Expired => SmsDeliveryState.Expired,
            SmppMessageState.Deleted => SmsDeliveryState.Deleted,
            SmppMessageState.Undeliverable => SmsDeliveryState.Undeliverable,
            SmppMessageState.Accepted => SmsDeliveryState.Accepted,
            SmppMessageState.Rejected => SmsDeliveryState.Rejected,
            _ => SmsDeliveryState.Unknown,
        },
        receipt.Stat,
        receipt.Error,
        // In a receipt the SMSC writes the handset (the original destination) as source_addr.
        string.IsNullOrEmpty(deliver.Source.Address) ? null : deliver.Source.Address,
        _time.GetUtcNow());
}
