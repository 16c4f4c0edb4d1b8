using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Tsm.Simulator.Smsc;

/// <summary>A mobile-terminated message as the handset receives it over the air.</summary>
/// <param name="Source">The originator (SMPP source_addr, CMPP Src_Id).</param>
/// <param name="Destination">The handset's MSISDN (SMPP destination_addr, CMPP Dest_terminal_Id), without a leading '+'.</param>
/// <param name="Udhi">The user data starts with a user data header (SMPP esm_class bit 6, CMPP TP_udhi).</param>
/// <param name="DataCoding">SMPP data_coding or CMPP Msg_Fmt (4 is 8-bit data in both).</param>
/// <param name="UserData">short_message, the message_payload TLV, or Msg_Content; the header included when <paramref name="Udhi"/>.</param>
/// <param name="At">When the SMS centre accepted it.</param>
/// <param name="Text">
/// The text as the handset shows it, decoded by the SMS centre's protocol (SMPP data_coding 0 GSM default alphabet,
/// 1 ASCII, 3 Latin-1, 8 UCS-2; CMPP Msg_Fmt 0 ASCII, 8 UCS-2), after the user data header; null for binary data.
/// </param>
public sealed record HandsetMessage(string Source, string Destination, bool Udhi, byte DataCoding, ReadOnlyMemory<byte> UserData, DateTimeOffset At, string? Text = null);

/// <summary>
/// The air side of the simulated SMS centres: every MT message an SMSC simulator accepts is put in the queue of the
/// handset of its destination MSISDN, where a simulated phone picks it up (<see cref="ReceiveAsync"/>, in process, or
/// over HTTP through <see cref="AirInterface"/>). Each handset keeps at most <see cref="Capacity"/> messages; when a
/// new one comes to a full queue, the oldest is dropped (a phone that never listens must not grow memory).
/// </summary>
public sealed class Handsets
{
    public const int DefaultCapacity = 1000;

    private readonly ConcurrentDictionary<string, Channel<HandsetMessage>> _queues = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _delivered;
    private long _dropped;

    public Handsets(int capacity = DefaultCapacity, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Messages kept per handset.</summary>
    public int Capacity { get; }

    /// <summary>Messages delivered to a handset queue so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Messages dropped because their handset's queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// The key of a handset: the MSISDN's digits, without the leading '+' of an international number, so that
    /// <c>+8613900000000</c> and <c>8613900000000</c> reach the same phone.
    /// </summary>
    public static string Normalize(string msisdn)
    {
        ArgumentNullException.ThrowIfNull(msisdn);
        return msisdn.StartsWith('+') ? msisdn[1..] : msisdn;
    }

    /// <summary>
    /// Puts a message in the queue of the handset of <paramref name="destination"/>; the user data is copied.
    /// <paramref name="text"/> is its decoded text (<see cref="HandsetMessage.Text"/>), which only the SMS centre's
    /// protocol can tell (data_coding 0 is GSM in SMPP, ASCII in CMPP).
    /// </summary>
    public HandsetMessage Deliver(string source, string destination, bool udhi, byte dataCoding, ReadOnlySpan<byte> userData, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var message = new HandsetMessage(source, Normalize(destination), udhi, dataCoding, userData.ToArray(), _time.GetUtcNow(), text);
        Deliver(message);
        return message;
    }

    /// <summary>Puts a message in the queue of the handset of its <see cref="HandsetMessage.Destination"/>.</summary>
    public void Deliver(HandsetMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.Destination);
        // DropOldest: the write always succeeds; the dropped callback counts what fell out.
        Queue(Normalize(message.Destination)).Writer.TryWrite(message);
        Interlocked.Increment(ref _delivered);
    }

    /// <summary>Messages waiting for <paramref name="msisdn"/>.</summary>
    public int Pending(string msisdn) =>
        _queues.TryGetValue(Normalize(msisdn), out var queue) ? queue.Reader.Count : 0;

    /// <summary>The next message for <paramref name="msisdn"/> if one is waiting.</summary>
    public bool TryReceive(string msisdn, out HandsetMessage? message)
    {
        ArgumentException.ThrowIfNullOrEmpty(msisdn);
        message = null;
        return _queues.TryGetValue(Normalize(msisdn), out var queue) && queue.Reader.TryRead(out message);
    }

    /// <summary>
    /// The next message for <paramref name="msisdn"/>, waiting up to <paramref name="wait"/> for one to come; null when
    /// none came in time. A message is taken by exactly one receiver.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (no message was taken).</exception>
    public async ValueTask<HandsetMessage?> ReceiveAsync(string msisdn, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(msisdn);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        var reader = Queue(Normalize(msisdn)).Reader;
        if (reader.TryRead(out var ready))
            return ready;
        if (wait == TimeSpan.Zero)
            return null;
        using var timeout = new CancellationTokenSource(wait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            // WaitToReadAsync then TryRead, so that a cancelled wait never takes a message from the queue.
            while (await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                if (reader.TryRead(out var message))
                    return message;
            }
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private Channel<HandsetMessage> Queue(string msisdn) =>
        _queues.GetOrAdd(msisdn, static (_, self) => Channel.CreateBounded<HandsetMessage>(
            new BoundedChannelOptions(self.Capacity) { FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref self._dropped)), this);
}
