using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Protocol.Sms.Text;

namespace Tsm.Gateway.Sms.Smpp;

/// <summary>
/// An SMPP 3.4 ESME for one account: <see cref="SmsLinkOptions.Links"/> binds (transceiver, transmitter or
/// receiver) on the generic link layer, submits with a window, receipts and MO to the <see cref="ISmsInboundHandler"/>.
/// </summary>
public sealed class SmppEsme : ISmsAccountClient
{
    private readonly SmppAccountOptions _options;

    public SmppEsme(SmppAccountOptions options, ISmsInboundHandler handler, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);
        var problems = options.Validate(options.Name).ToList();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        _options = options;
        Links = new SmsAccount<SmppPdu>(options.Name, options, new SmppLinkProtocol(options, handler, logger, time), logger, time);
    }

    public string Account => _options.Name;

    /// <summary>The account's links (state, binds, in-flight counts).</summary>
    public SmsAccount<SmppPdu> Links { get; }

    public void Start() => Links.Start();

    public Task WaitUntilBoundAsync(CancellationToken cancellationToken = default) => Links.WaitUntilBoundAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => Links.StopAsync(cancellationToken);

    public SmsAccountStatus Status() => Links.Status();

    public ValueTask DisposeAsync() => Links.DisposeAsync();

    /// <summary>
    /// The submit_sm for a neutral message: UDH in short_message (the portable choice), or message_payload above 254
    /// octets; a text message in the GSM default alphabet (data_coding 0) or UCS-2 (8), see <see cref="SmppMessageText"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The message's text does not fit one SMS.</exception>
    public SubmitSm ToSubmitSm(SmsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Text is { } text)
        {
            var encoded = SmppMessageText.Encode(text);
            return new SubmitSm
            {
                ServiceType = _options.ServiceType,
                Source = new SmppAddress(_options.SourceTon, _options.SourceNpi, message.Source ?? _options.SourceAddress),
                Destination = new SmppAddress(_options.DestinationTon, _options.DestinationNpi, message.Destination),
                EsmClass = 0,
                RegisteredDelivery = message.RequestReceipt ? (byte)1 : (byte)0,
                DataCoding = encoded.DataCoding,
                ShortMessage = encoded.UserData,
            };
        }
        var inPayload = message.UserData.Length > SmppShortMessagePdu.MaxShortMessageLength;
        return new SubmitSm
        {
            ServiceType = _options.ServiceType,
            Source = new SmppAddress(_options.SourceTon, _options.SourceNpi, message.Source ?? _options.SourceAddress),
            Destination = new SmppAddress(_options.DestinationTon, _options.DestinationNpi, message.Destination),
            EsmClass = message.Udhi ? SmppEsmClass.Udhi : (byte)0,
            RegisteredDelivery = message.RequestReceipt ? (byte)1 : (byte)0,
            DataCoding = message.Binary ? SmppDataCoding.Binary8Bit : SmppDataCoding.SmscDefault,
            ShortMessage = inPayload ? ReadOnlyMemory<byte>.Empty : message.UserData,
            Tlvs = inPayload ? [new SmppTlv(SmppTlvTag.MessagePayload, message.UserData)] : [],
        };
    }

    public async Task<SmsSubmitResult> SubmitAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        if (_options.BindMode == SmppBindMode.Receiver)
            throw new InvalidOperationException($"SMPP account {Account} binds as receiver and cannot submit.");
        var response = await Links.SendAsync(ToSubmitSm(message), cancellationToken).ConfigureAwait(false);
        return response is SubmitSmResp { Status: SmppStatus.ROK } ok
            ? new SmsSubmitResult(true, ok.MessageId)
            : new SmsSubmitResult(false, null, response.Status, SmppStatus.Name(response.Status));
    }

    /// <summary>Sends any request (query_sm, cancel_sm, ...) and returns the SMSC's response.</summary>
    public Task<SmppPdu> SendAsync(SmppPdu request, CancellationToken cancellationToken = default) => Links.SendAsync(request, cancellationToken);
}
