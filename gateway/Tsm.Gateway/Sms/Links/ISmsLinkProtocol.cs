using System.Buffers;

namespace Tsm.Gateway.Sms.Links;

/// <summary>
/// What a wire protocol (SMPP, CMPP) supplies to <see cref="SmsLink{TPdu}"/>: framing, encoding, the handshake,
/// keep-alive and close PDUs, how to tell responses from requests, how to read a response's outcome and how to
/// answer the peer's own requests. Implementations hold no per-connection state: one instance serves every link
/// of an account, and the methods are called from the link's loops (never two at once on one link).
/// </summary>
/// <typeparam name="TPdu">The protocol's PDU type.</typeparam>
public interface ISmsLinkProtocol<TPdu>
    where TPdu : class
{
    /// <summary>Protocol name for logs ("smpp34", "cmpp30").</summary>
    string Name { get; }

    /// <summary>The largest sequence number; numbering starts at 1 and wraps back to 1 after it.</summary>
    uint MaxSequence { get; }

    /// <summary>
    /// Takes one frame off the front of <paramref name="buffer"/> (advancing it past the frame). Never throws for bad
    /// input: a malformed body is <see cref="LinkFrameKind.Malformed"/> (answer <see cref="LinkFrame{TPdu}.Reply"/>, go on),
    /// bad framing is <see cref="LinkFrameKind.Fatal"/> (answer, then close the connection).
    /// </summary>
    LinkFrame<TPdu> ReadFrame(ref ReadOnlySequence<byte> buffer);

    /// <summary>Encodes <paramref name="pdu"/> with <paramref name="sequence"/> as its sequence number.</summary>
    void Write(TPdu pdu, uint sequence, IBufferWriter<byte> output);

    /// <summary>True when <paramref name="pdu"/> is a response (to one of our requests); gives its sequence number either way.</summary>
    bool IsResponse(TPdu pdu, out uint sequence);

    /// <summary>The first request on a new connection (bind_transceiver, CMPP_CONNECT).</summary>
    TPdu CreateHandshake();

    /// <summary>Checks the handshake's response (a CMPP client verifies AuthenticatorISMG against its request here).</summary>
    LinkHandshakeResult CheckHandshake(TPdu request, TPdu response);

    /// <summary>A keep-alive request (enquire_link, CMPP_ACTIVE_TEST).</summary>
    TPdu CreateKeepAlive();

    /// <summary>The request that ends a session politely (unbind, CMPP_TERMINATE).</summary>
    TPdu CreateClose();

    /// <summary>How a response to one of our requests turned out.</summary>
    LinkResponseOutcome ClassifyResponse(TPdu request, TPdu response);

    /// <summary>
    /// Answers a request from the peer: deliver_sm (receipt or MO) → deliver_sm_resp after the handler has it,
    /// enquire_link → enquire_link_resp, unbind → unbind_resp and close.
    /// </summary>
    ValueTask<PeerRequestResult<TPdu>> HandlePeerRequestAsync(TPdu request, uint sequence, SmsLinkInfo link, CancellationToken cancellationToken);
}

/// <summary>What <see cref="ISmsLinkProtocol{TPdu}.ReadFrame"/> found.</summary>
public enum LinkFrameKind
{
    /// <summary>Not a whole frame yet: read more bytes.</summary>
    Incomplete,

    /// <summary>One PDU.</summary>
    Pdu,

    /// <summary>A frame with a bad body or unknown command: send the reply, if any, and go on reading.</summary>
    Malformed,

    /// <summary>Bad framing: the stream cannot be resynchronised. Send the reply, if any, and close.</summary>
    Fatal,
}

/// <summary>One result of reading.</summary>
public readonly record struct LinkFrame<TPdu>(LinkFrameKind Kind, TPdu? Pdu = null, TPdu? Reply = null, string? Error = null, uint ReplySequence = 0)
    where TPdu : class
{
    public static LinkFrame<TPdu> Incomplete => default;
}

/// <summary>The outcome of a handshake.</summary>
/// <param name="Success">The session is open.</param>
/// <param name="Error">Why not (a status name; never a credential).</param>
/// <param name="Permanent">Retrying soon will not help (bad credentials): the link waits the longest back-off.</param>
public readonly record struct LinkHandshakeResult(bool Success, string? Error = null, bool Permanent = false)
{
    public static LinkHandshakeResult Ok => new(true);
}

/// <summary>How a response counts for the link.</summary>
public enum LinkResponseOutcome
{
    /// <summary>Accepted: the caller gets the response.</summary>
    Success,

    /// <summary>Refused for good (bad address, ...): the caller gets the response and decides.</summary>
    Rejected,

    /// <summary>The peer is throttling (SMPP 0x58 or 0x14, CMPP result 8): the link pauses and re-queues the request.</summary>
    Throttled,
}

/// <summary>The answer to a peer's request.</summary>
/// <param name="Reply">The response to send (null: none).</param>
/// <param name="Close">Close the connection once the reply is written (the peer unbound).</param>
public readonly record struct PeerRequestResult<TPdu>(TPdu? Reply, bool Close = false)
    where TPdu : class;

/// <summary>Which account and link a PDU came through.</summary>
/// <param name="Account">The account's configured name.</param>
/// <param name="Link">The link's index within the account (0-based).</param>
public sealed record SmsLinkInfo(string Account, int Link)
{
    public override string ToString() => $"{Account}#{Link}";
}
