using Tsm.Protocol.Sms.Push;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;
using Tsm.Simulator.Smsc;

namespace Tsm.Simulator.Phone;

/// <summary>What <see cref="PushListener"/> listens for and how long.</summary>
public sealed record PushListenerOptions
{
    /// <summary>The handset's number: whose messages are received.</summary>
    public required string Msisdn { get; init; }

    /// <summary>The phone's SE (hex): wake-ups for another SE are ignored.</summary>
    public required string SeId { get; init; }

    /// <summary>The application port the wallet registered with the handset: wake-ups to another port are ignored.</summary>
    public ushort Port { get; init; } = PushListener.DefaultPort;

    /// <summary>Stop after this many pushes handled (duplicates and ignored messages do not count); null: until cancelled.</summary>
    public int? Count { get; init; }

    /// <summary>How long one receive waits for a message (one long poll of the air interface).</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>How the wallet judged one received SMS: a wake-up for it, or ignored and why.</summary>
/// <param name="WakeUp">The wake-up to act on; null when the SMS is ignored.</param>
/// <param name="IgnoredBecause">Why the SMS is ignored; null for a wake-up to act on.</param>
public sealed record PushClassification(WakeUpMessage? WakeUp, string? IgnoredBecause)
{
    public static PushClassification Ignored(string reason) => new(null, reason);
}

/// <summary>The end of one push: whether its task succeeded, and the line's text (<c>sync succeeded</c>, a failure reason).</summary>
public sealed record PushOutcome(bool Succeeded, string Detail);

/// <summary>What a <see cref="PushListener"/> run did.</summary>
/// <param name="Handled">Pushes acted on (presented to the gateway).</param>
/// <param name="Succeeded">Those whose task succeeded.</param>
/// <param name="Ignored">Messages that were not a wake-up for this phone, or repeated one already handled.</param>
public sealed record PushListenerResult(int Handled, int Succeeded, int Ignored)
{
    public bool AllSucceeded => Handled == Succeeded;
}

/// <summary>
/// The wallet's push receiver (requirement 5.8.5.3): takes the SMS of its MSISDN one by one, keeps the wake-ups addressed to
/// its port and its SE (<see cref="Classify(HandsetMessage, string, ushort)"/>), and hands each one to the push handler
/// (for the phone, <see cref="WalletPushHandler"/>: present the serial, run the SERAM session, read the task).
/// One line per SMS on the output: <c>push SERIAL: sync succeeded</c>, a failure, or <c>ignored: ...</c>.
/// A serial already handled is ignored (the gateway sends at least once, so the SMS may come twice).
/// </summary>
public sealed class PushListener
{
    /// <summary>The wallet's default application port, 16145 (0x3F11), as the gateway's <c>Sms:Push:DestinationPort</c>.</summary>
    public const ushort DefaultPort = 0x3F11;

    /// <summary>Serials remembered to recognise a repeated SMS.</summary>
    private const int RememberedSerials = 1024;

    private readonly PushListenerOptions _options;
    private readonly Func<string, TimeSpan, CancellationToken, ValueTask<HandsetMessage?>> _receive;
    private readonly Func<WakeUpMessage, CancellationToken, Task<PushOutcome>> _handle;
    private readonly TextWriter _output;
    private readonly HashSet<PushSerial> _seen = [];
    private readonly Queue<PushSerial> _seenOrder = new();

    /// <param name="options">MSISDN, SE, port, count and wait.</param>
    /// <param name="receive">
    /// The next SMS for an MSISDN, or null when none came within the wait: <see cref="Handsets.ReceiveAsync"/> in
    /// process, <see cref="AirInterfaceClient.ReceiveAsync"/> over HTTP. Its exceptions end the run.
    /// </param>
    /// <param name="handle">Acts on one wake-up; an exception it throws (other than cancellation) is a failed push.</param>
    /// <param name="output">Where the lines go.</param>
    public PushListener(
        PushListenerOptions options,
        Func<string, TimeSpan, CancellationToken, ValueTask<HandsetMessage?>> receive,
        Func<WakeUpMessage, CancellationToken, Task<PushOutcome>> handle,
        TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Msisdn);
        ArgumentException.ThrowIfNullOrEmpty(options.SeId);
        if (options.Count is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "Count is at least 1 when given.");
        ArgumentNullException.ThrowIfNull(receive);
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(output);
        _options = options;
        _receive = receive;
        _handle = handle;
        _output = output;
    }

    /// <summary>
    /// How a handset treats an SMS for the wallet: a wake-up when the user data header is there (UDHI), the data is
    /// 8-bit, the body parses as a wake-up, its destination port is <paramref name="port"/> and its SEID is
    /// <paramref name="seId"/>; otherwise ignored, with the reason.
    /// </summary>
    public static PushClassification Classify(HandsetMessage message, string seId, ushort port)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(seId);
        if (!message.Udhi)
            return PushClassification.Ignored($"SMS from {message.Source}: not a wake-up (no user data header: UDHI not set)");
        if (!IsEightBit(message.DataCoding))
            return PushClassification.Ignored($"SMS from {message.Source}: not a wake-up (data coding {message.DataCoding:X2} is not 8-bit data)");
        if (!WakeUpMessage.TryParse(message.UserData, out var wakeUp, out var error))
            return PushClassification.Ignored($"SMS from {message.Source}: not a wake-up ({error})");
        if (wakeUp!.DestinationPort != port)
            return PushClassification.Ignored($"push {wakeUp.Serial}: for port {wakeUp.DestinationPort}, not the wallet's {port}");
        if (!string.Equals(wakeUp.SeId, seId, StringComparison.OrdinalIgnoreCase))
            return PushClassification.Ignored($"push {wakeUp.Serial}: for SE {wakeUp.SeId}, not this phone's {seId.ToUpperInvariant()}");
        return new PushClassification(wakeUp, null);
    }

    /// <summary>
    /// 8-bit data as the SMS centres label it: 4 (SMPP data_coding "8-bit binary", CMPP Msg_Fmt "binary"), SMPP's 2
    /// ("octet unspecified"), and the GSM 03.38 data coding/message class group with 8-bit data (F4 to F7).
    /// </summary>
    public static bool IsEightBit(byte dataCoding) => dataCoding is 0x02 or 0x04 || (dataCoding & 0xF4) == 0xF4;

    /// <summary>Listens until <see cref="PushListenerOptions.Count"/> pushes are handled or <paramref name="ct"/> fires (not an error).</summary>
    public async Task<PushListenerResult> RunAsync(CancellationToken ct = default)
    {
        int handled = 0, succeeded = 0, ignored = 0;
        try
        {
            while (_options.Count is not { } count || handled < count)
            {
                var message = await _receive(_options.Msisdn, _options.Wait, ct).ConfigureAwait(false);
                if (message is null)
                    continue;
                var verdict = Classify(message, _options.SeId, _options.Port);
                if (verdict.WakeUp is not { } wakeUp)
                {
                    ignored++;
                    await _output.WriteLineAsync($"ignored: {verdict.IgnoredBecause}").ConfigureAwait(false);
                    continue;
                }
                if (!Remember(wakeUp.Serial))
                {
                    ignored++;
                    await _output.WriteLineAsync($"ignored: push {wakeUp.Serial}: already handled (a repeated SMS)").ConfigureAwait(false);
                    continue;
                }
                var outcome = await HandleAsync(wakeUp, ct).ConfigureAwait(false);
                handled++;
                if (outcome.Succeeded)
                    succeeded++;
                await _output.WriteLineAsync($"push {wakeUp.Serial}: {outcome.Detail}").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped by the user.
        }
        return new PushListenerResult(handled, succeeded, ignored);
    }

    private async Task<PushOutcome> HandleAsync(WakeUpMessage wakeUp, CancellationToken ct)
    {
        try
        {
            return await _handle(wakeUp, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new PushOutcome(false, $"failed: {ex.Message}");
        }
    }

    /// <summary>True the first time a serial is seen (among the last <see cref="RememberedSerials"/>).</summary>
    private bool Remember(PushSerial serial)
    {
        if (!_seen.Add(serial))
            return false;
        _seenOrder.Enqueue(serial);
        if (_seenOrder.Count > RememberedSerials)
            _seen.Remove(_seenOrder.Dequeue());
        return true;
    }
}

/// <summary>
/// What the wallet does with a wake-up (requirement 5.8.5.3): present the serial (<c>POST /wallet/v1/push/{serial}</c>), run
/// the SERAM session it answers against the phone's SE, then read the task until it is final.
/// </summary>
public sealed class WalletPushHandler
{
    private readonly ISmartCard _card;
    private readonly string _seId;
    private readonly HttpClient _gateway;
    private readonly WalletClient _wallet;
    private readonly SeramAgentOptions _agent;
    private readonly int _taskPolls;
    private readonly TimeSpan _taskPollPause;

    /// <param name="card">The phone's SE (a state-file card saves itself after every change).</param>
    /// <param name="seId">The SE's identifier (hex).</param>
    /// <param name="gateway">A client whose BaseAddress is the gateway.</param>
    /// <param name="agent">SERAM local agent options; the binding's defaults when null.</param>
    /// <param name="taskPolls">Reads of the task before giving up on a final state.</param>
    /// <param name="taskPollPause">Pause between two reads.</param>
    public WalletPushHandler(ISmartCard card, string seId, HttpClient gateway, SeramAgentOptions? agent = null, int taskPolls = 20, TimeSpan? taskPollPause = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentException.ThrowIfNullOrEmpty(seId);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentOutOfRangeException.ThrowIfLessThan(taskPolls, 1);
        _card = card;
        _seId = seId;
        _gateway = gateway;
        _wallet = new WalletClient(gateway);
        _agent = agent ?? new SeramAgentOptions();
        _taskPolls = taskPolls;
        _taskPollPause = taskPollPause ?? TimeSpan.FromMilliseconds(250);
    }

    public async Task<PushOutcome> HandleAsync(WakeUpMessage push, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(push);
        WalletOperationAccepted accepted;
        try
        {
            accepted = await _wallet.PresentPushAsync(push.Serial.ToString(), ct).ConfigureAwait(false);
        }
        catch (WalletApiException ex)
        {
            return new PushOutcome(false, $"refused: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            return new PushOutcome(false, $"gateway unreachable: {ex.Message}");
        }

        var session = await new SeramLocalAgent(_card, _seId, _gateway, accepted.SessionId, _agent).RunAsync(ct).ConfigureAwait(false);
        if (!session.IsCompleted)
            return new PushOutcome(false, $"SERAM session {accepted.SessionId} ended {session.Outcome}: {session.Detail}");

        var task = await _wallet.GetTaskAsync(accepted.TaskId, ct).ConfigureAwait(false);
        for (var poll = 1; !task.IsFinal && poll < _taskPolls; poll++)
        {
            await Task.Delay(_taskPollPause, ct).ConfigureAwait(false);
            task = await _wallet.GetTaskAsync(accepted.TaskId, ct).ConfigureAwait(false);
        }
        var operation = task.Operation.ToString().ToLowerInvariant();
        var what = task.ApplicationAid is { } aid ? $"{operation} {aid}" : operation;
        return task.State switch
        {
            WalletTaskState.Succeeded => new PushOutcome(true, $"{what} succeeded"),
            WalletTaskState.Failed or WalletTaskState.Aborted => new PushOutcome(false,
                $"{what} {task.State.ToString().ToLowerInvariant()}: {task.Failure?.Reason ?? "no reason given"}" +
                (task.Failure?.StatusWord is { } sw ? $" (SW {sw})" : "")),
            _ => new PushOutcome(false, $"{what} still {task.State.ToString().ToLowerInvariant()} after the SERAM session ended"),
        };
    }
}
