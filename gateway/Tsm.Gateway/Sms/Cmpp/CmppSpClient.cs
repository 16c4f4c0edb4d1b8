using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Protocol.Sms.Text;

namespace Tsm.Gateway.Sms.Cmpp;

/// <summary>
/// The CMPP SP client of one ISMG account: <see cref="SmsLinkOptions.Links"/> links on the shared link layer,
/// each with the CMPP window (16 by default), ACTIVE_TEST keep-alive, resend after T up to N times, TERMINATE on
/// close, and a pause with re-queue on Result 8. Status reports and MO messages go to the inbound handler.
/// </summary>
public sealed class CmppSpClient : ISmsAccountClient
{
    private readonly CmppAccountOptions _options;
    private readonly SmsAccount<CmppPdu> _account;

    public CmppSpClient(CmppAccountOptions options, ISmsInboundHandler handler, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate(options.Name).ToList();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        _options = options;
        Protocol = new CmppLinkProtocol(options, handler, logger, time);
        _account = new SmsAccount<CmppPdu>(options.Name, options, Protocol, logger, time);
    }

    public string Account => _options.Name;

    public CmppVersion Version => Protocol.Version;

    public CmppLinkProtocol Protocol { get; }

    public IReadOnlyList<SmsLink<CmppPdu>> Links => _account.Links;

    public SmsAccountStatus Status() => _account.Status();

    /// <summary>Starts every link (each connects and reconnects by itself).</summary>
    public void Start() => _account.Start();

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default) => _account.WaitUntilBoundAsync(cancellationToken);

    public Task WaitUntilAllConnectedAsync(CancellationToken cancellationToken = default) => _account.WaitUntilAllBoundAsync(cancellationToken);

    public async Task<SmsSubmitResult> SubmitAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        var resp = await SubmitAsync(CreateSubmit(message), cancellationToken).ConfigureAwait(false);
        return resp.Result == CmppSubmitResult.Ok
            ? new SmsSubmitResult(true, resp.MsgId.ToString())
            : new SmsSubmitResult(false, null, resp.Result, CmppSubmitResult.Name(resp.Result));
    }

    /// <summary>Sends a SUBMIT as built by the caller and returns the ISMG's SUBMIT_RESP (flow control retried inside).</summary>
    /// <exception cref="SmsLinkException">No response after N tries, in doubt after a drop, or the client stopped.</exception>
    public async Task<CmppSubmitResp> SubmitAsync(CmppSubmit submit, CancellationToken cancellationToken = default)
    {
        var response = await _account.SendAsync(submit, cancellationToken).ConfigureAwait(false);
        return response as CmppSubmitResp
            ?? throw new SmsLinkException($"{response.CommandId.SpecName()} in answer to CMPP_SUBMIT");
    }

    /// <summary>
    /// The SUBMIT for a protocol-neutral message: Msg_Fmt 4 (binary) or 0 (ASCII), TP_udhi from the message; a text
    /// message in ASCII (Msg_Fmt 0) or UCS-2 (8), see <see cref="CmppMessageText"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The message's text does not fit one SMS.</exception>
    public CmppSubmit CreateSubmit(SmsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Text is { } t ? CmppMessageText.Encode(t) : (EncodedText?)null;
        return new CmppSubmit
        {
            RegisteredDelivery = message.RequestReceipt ? (byte)1 : (byte)0,
            ServiceId = _options.ServiceId,
            FeeUserType = _options.FeeUserType,
            TpUdhi = text is null && message.Udhi ? (byte)1 : (byte)0,
            MsgFmt = text?.DataCoding ?? (message.Binary ? CmppMsgFmt.Binary : CmppMsgFmt.Ascii),
            MsgSrc = _options.SpId,
            FeeType = _options.FeeType,
            FeeCode = _options.FeeCode,
            SrcId = message.Source ?? _options.SrcId,
            DestTerminalIds = [message.Destination],
            MsgContent = text?.UserData ?? message.UserData,
        };
    }

    /// <summary>Sends TERMINATE on every link after the outstanding responses, and stops.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _account.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _account.DisposeAsync();
}
