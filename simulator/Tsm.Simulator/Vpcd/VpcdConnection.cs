using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Vpcd;

/// <summary>
/// Plugs an <see cref="ISmartCard"/> into pcscd's vpcd reader driver. vpcd listens; the card side connects as a TCP
/// client, answers control codes and APDUs (<see cref="VpcdFraming"/>), and reconnects with a back-off when vpcd is
/// not there yet or drops the connection, so pcscd may start, stop and restart while the card runs.
/// </summary>
public sealed class VpcdConnection
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly byte[] NoPreciseDiagnosis = [0x6F, 0x00];

    private readonly ISmartCard _card;
    private readonly VpcdOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public VpcdConnection(ISmartCard card, VpcdOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        _card = card;
        _options = options ?? new VpcdOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Port, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.Port, 65535, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxPayloadLength, 1, nameof(options));
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised each time a connection to vpcd is established (the reader then sees a card).</summary>
    public event EventHandler? Connected;

    /// <summary>Raised each time a connection to vpcd ends (the reader then sees no card).</summary>
    public event EventHandler? Disconnected;

    /// <summary><c>host:port</c> of the vpcd reader.</summary>
    public string Endpoint => $"{_options.Host}:{_options.Port}";

    /// <summary>Connects, serves and reconnects until <paramref name="cancellationToken"/> is cancelled, then returns normally.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = _options.ReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await ConnectAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                VpcdLog.ConnectFailed(_logger, Endpoint, ex.Message, delay);
                if (!await DelayAsync(delay, cancellationToken))
                    return;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
                continue;
            }

            delay = _options.ReconnectDelay;
            VpcdLog.Connected(_logger, Endpoint);
            Connected?.Invoke(this, EventArgs.Empty);
            try
            {
                await ServeAsync(socket, cancellationToken);
                VpcdLog.Disconnected(_logger, Endpoint);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (InvalidDataException ex)
            {
                VpcdLog.Malformed(_logger, Endpoint, ex);
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                VpcdLog.ConnectionFailed(_logger, Endpoint, ex);
            }
            finally
            {
                socket.Dispose();
                Disconnected?.Invoke(this, EventArgs.Empty);
            }

            // A reader that just went away (pcscd stopping) is not retried in a tight loop.
            if (!await DelayAsync(delay, cancellationToken))
                return;
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(_options.Host, _options.Port, timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The read loop of one connection; it is also the connection's only writer, so answers go out in order.</summary>
    /// <exception cref="InvalidDataException">A malformed or truncated frame.</exception>
    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                var answered = false;
                try
                {
                    if (result.IsCanceled)
                        return;
                    while (VpcdFraming.TryReadFrame(ref buffer, _options.MaxPayloadLength, out var payload))
                        answered |= Dispatch(payload, writer);
                    if (result.IsCompleted)
                    {
                        if (!buffer.IsEmpty)
                            throw new InvalidDataException($"vpcd closed the connection inside a frame ({buffer.Length} bytes left)");
                        return;
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (answered)
                {
                    var flush = await writer.FlushAsync(cancellationToken);
                    if (flush.IsCompleted || flush.IsCanceled)
                        return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
            await writer.CompleteAsync();
        }
    }

    /// <summary>Handles one frame; true when an answer was written.</summary>
    private bool Dispatch(ReadOnlySequence<byte> payload, PipeWriter writer)
    {
        if (payload.Length == 1)
            return Control(payload.FirstSpan[0], writer);

        var command = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        var ins = command[1];
        byte[] response;
        try
        {
            response = _card.Transmit(command);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The card promises SWs rather than exceptions; a bug in it must not take the reader down.
            VpcdLog.ConnectionFailed(_logger, Endpoint, ex);
            response = NoPreciseDiagnosis;
        }
        if (response.Length is < 2 or > VpcdFraming.MaxPayloadLength)
        {
            VpcdLog.ResponseTooLong(_logger, ins, response.Length);
            response = NoPreciseDiagnosis;
        }
        VpcdFraming.WriteFrame(writer, response);

        VpcdLog.Apdu(_logger, ins, command.Length, BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(^2)), response.Length);
        if (_logger.IsEnabled(LogLevel.Trace) && !CarriesKeys(ins))
            VpcdLog.ApduData(_logger, Convert.ToHexString(command), Convert.ToHexString(response));
        return true;
    }

    private bool Control(byte code, PipeWriter writer)
    {
        switch ((VpcdControl)code)
        {
            case VpcdControl.PowerOff:
                VpcdLog.Control(_logger, VpcdControl.PowerOff);
                _card.PowerOff();
                return false;
            case VpcdControl.PowerOn:
                VpcdLog.Control(_logger, VpcdControl.PowerOn);
                _card.PowerOn();
                return false;
            case VpcdControl.Reset:
                VpcdLog.Control(_logger, VpcdControl.Reset);
                _card.Reset();
                return false;
            case VpcdControl.GetAtr:
                // vpcd polls the ATR to see whether a card is present, also before powering it; an empty answer
                // would read as "no card", so an unpowered card without an ATR yet is powered to get one.
                var atr = _card.Atr;
                if (atr.IsEmpty)
                    atr = _card.PowerOn();
                VpcdFraming.WriteFrame(writer, atr.Span);
                return true;
            default:
                VpcdLog.UnknownControl(_logger, code);
                return false;
        }
    }

    /// <summary>PUT KEY (GP 11.8) and STORE DATA (GP 11.11) carry key material: their bodies are never logged.</summary>
    internal static bool CarriesKeys(byte ins) => ins is 0xD8 or 0xE2;
}
