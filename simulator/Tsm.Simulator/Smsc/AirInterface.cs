using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tsm.Simulator.Smsc;

/// <summary>
/// The air interface of the simulated SMS centres over HTTP, so that a simulated phone in another process receives
/// the MT messages of its MSISDN (docs/simulator.md, "The handset side of the SMSC simulator"):
/// <c>GET /handsets/{msisdn}/messages?wait=SECONDS</c> long-polls <see cref="Handsets"/> and answers 200 with the
/// next message as JSON, 204 when none came within the wait (default 30 s, at most 60), 400 (problem details) for a
/// bad MSISDN or wait. A minimal HTTP/1.1 server on a socket: one request per connection, <c>Connection: close</c>.
/// A poll whose client goes away before a message comes takes none.
/// </summary>
public sealed class AirInterface : IAsyncDisposable
{
    public const int DefaultWaitSeconds = 30;
    public const int MaxWaitSeconds = 60;

    /// <summary>Largest request head (request line and headers) read.</summary>
    private const int MaxHeadLength = 8192;

    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);

    private readonly Handsets _handsets;
    private readonly string _host;
    private readonly int _requestedPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private Socket? _listener;
    private Task? _accepting;
    private long _hungUp;

    /// <param name="handsets">The handset queues served.</param>
    /// <param name="host">Address listened on.</param>
    /// <param name="port">TCP port; 0 picks a free one (see <see cref="Port"/>).</param>
    public AirInterface(Handsets handsets, string host = "127.0.0.1", int port = 0)
    {
        ArgumentNullException.ThrowIfNull(handsets);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        _handsets = handsets;
        _host = host;
        _requestedPort = port;
    }

    /// <summary>The port listened on (the chosen one when 0 was asked for).</summary>
    public int Port { get; private set; }

    /// <summary>Polls that ended because the phone closed the connection before a message came.</summary>
    public long HungUp => Interlocked.Read(ref _hungUp);

    /// <summary>The base URL phones are given (<c>--air</c>).</summary>
    public Uri BaseAddress => new($"http://{(IPAddress.Parse(_host).AddressFamily == AddressFamily.InterNetworkV6 ? $"[{_host}]" : _host)}:{Port}/");

    public void Start()
    {
        if (_listener is not null)
            throw new InvalidOperationException("the air interface is already started");
        var address = IPAddress.Parse(_host);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, _requestedPort));
            listener.Listen(64);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _accepting = AcceptLoopAsync(listener);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_accepting is not null)
            await _accepting.ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                    return;
                continue;
            }
            var connection = ServeAsync(socket);
            _connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(t => _connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await Task.Yield();
        using (socket)
        {
            try
            {
                var head = await ReadHeadAsync(socket).ConfigureAwait(false);
                if (head is null)
                    return;
                var response = await AnswerAsync(head, socket).ConfigureAwait(false);
                if (response is not null)
                    await socket.SendAsync(response, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The phone went away, or the server is stopping.
            }
        }
    }

    /// <summary>The request line and headers (Latin-1), "" when they are too long, null when the client closed first.</summary>
    private async Task<string?> ReadHeadAsync(Socket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(HeadTimeout);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxHeadLength);
        try
        {
            var length = 0;
            while (length < MaxHeadLength)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(length, MaxHeadLength - length), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                    return null;
                length += read;
                var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                    return Encoding.Latin1.GetString(buffer, 0, end);
            }
            return "";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The whole response to send, or null when the phone went away while waiting.</summary>
    private async Task<byte[]?> AnswerAsync(string head, Socket socket)
    {
        var requestLine = head.Split("\r\n", 2)[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            return Problem(400, "Bad request", "The request line is not 'METHOD TARGET HTTP/1.x'.");
        if (!TryRoute(requestLine[1], out var msisdn))
            return Problem(404, "Not found", "The air interface serves GET /handsets/{msisdn}/messages?wait=SECONDS.");
        if (requestLine[0] != "GET")
            return Problem(405, "Method not allowed", "Only GET is served.", "Allow: GET\r\n");
        if (msisdn is null)
            return Problem(400, "Bad MSISDN", "The MSISDN is 5 to 21 digits, with an optional leading '+'.");
        if (!TryReadWait(requestLine[1], out var wait))
            return Problem(400, "Bad wait", $"wait is a whole number of seconds from 0 to {MaxWaitSeconds}.");

        // The phone closing the connection ends the wait before a message is taken (see WatchCloseAsync).
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var watch = WatchCloseAsync(socket, gone);
        HandsetMessage? message;
        try
        {
            message = await _handsets.ReceiveAsync(msisdn, TimeSpan.FromSeconds(wait), gone.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (!_stop.IsCancellationRequested)
                Interlocked.Increment(ref _hungUp);
            return null;
        }
        finally
        {
            await gone.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
        return message is null ? Response(204, "No Content", null, null) : Response(200, "OK", "application/json", AirMessageJson.Write(message));
    }

    /// <summary>Cancels <paramref name="gone"/> when the phone closes its side; returns when <paramref name="gone"/> fires.</summary>
    private static async Task WatchCloseAsync(Socket socket, CancellationTokenSource gone)
    {
        var one = new byte[1];
        try
        {
            // HTTP/1.1 clients send nothing more before the answer, so the read ends with the connection (0 bytes).
            if (await socket.ReceiveAsync(one, SocketFlags.None, gone.Token).ConfigureAwait(false) == 0)
                await gone.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The wait ended first.
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            await gone.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>True for /handsets/{msisdn}/messages; <paramref name="msisdn"/> is null when it is not 5 to 21 digits.</summary>
    private static bool TryRoute(string target, out string? msisdn)
    {
        msisdn = null;
        var path = target.Split('?', 2)[0];
        var segments = path.Split('/');
        if (segments is not ["", "handsets", var number, "messages"])
            return false;
        var digits = Handsets.Normalize(Uri.UnescapeDataString(number));
        if (digits.Length is >= 5 and <= 21 && digits.All(char.IsAsciiDigit))
            msisdn = digits;
        return true;
    }

    private static bool TryReadWait(string target, out int wait)
    {
        wait = DefaultWaitSeconds;
        var query = target.Split('?', 2) is [_, var q] ? q : "";
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] != "wait")
                continue;
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out wait) || wait > MaxWaitSeconds)
                return false;
        }
        return true;
    }

    private static byte[] Problem(int status, string title, string detail, string extraHeaders = "")
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, AirMessageJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", "about:blank");
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            json.WriteEndObject();
        }
        return Response(status, title, "application/problem+json", buffer.WrittenSpan.ToArray(), extraHeaders);
    }

    private static byte[] Response(int status, string reason, string? contentType, byte[]? body, string extraHeaders = "")
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n")
            .Append("Connection: close\r\nCache-Control: no-store\r\n")
            .Append(extraHeaders);
        if (contentType is not null)
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        // 204 has no body and no Content-Length (RFC 9110 §8.6).
        if (status != 204)
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body?.Length ?? 0}\r\n");
        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        return body is null ? headBytes : [.. headBytes, .. body];
    }
}

/// <summary>
/// The JSON of one message on the air interface:
/// <c>{"source":"10657","destination":"8613900000000","udhi":true,"dataCoding":4,"userData":"HEX","at":"ISO 8601","text":null}</c>;
/// <c>text</c> is the decoded text of a text message (<see cref="HandsetMessage.Text"/>), null for binary data.
/// </summary>
public static class AirMessageJson
{
    /// <summary>JSON for people too: quotes and '+' are written as they are, not as \u escapes.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(HandsetMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, AirMessageJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("source", message.Source);
            json.WriteString("destination", message.Destination);
            json.WriteBoolean("udhi", message.Udhi);
            json.WriteNumber("dataCoding", message.DataCoding);
            json.WriteString("userData", Convert.ToHexString(message.UserData.Span));
            json.WriteString("at", message.At);
            if (message.Text is { } text)
                json.WriteString("text", text);
            else
                json.WriteNull("text");
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="InvalidDataException">Not a message object.</exception>
    public static HandsetMessage Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            var root = document.RootElement;
            return new HandsetMessage(
                root.GetProperty("source").GetString() ?? "",
                root.GetProperty("destination").GetString() ?? "",
                root.GetProperty("udhi").GetBoolean(),
                root.GetProperty("dataCoding").GetByte(),
                Convert.FromHexString(root.GetProperty("userData").GetString() ?? ""),
                root.GetProperty("at").GetDateTimeOffset(),
                // Absent from air interfaces older than the field.
                root.TryGetProperty("text", out var text) && text.ValueKind != JsonValueKind.Null ? text.GetString() : null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"not an air interface message: {ex.Message}", ex);
        }
    }
}

/// <summary>The phone's side of <see cref="AirInterface"/>: long-polls the messages of one MSISDN over HTTP.</summary>
public sealed class AirInterfaceClient
{
    private readonly HttpClient _http;

    /// <param name="http">A client whose BaseAddress is the air interface (<c>http://127.0.0.1:P/</c>) and whose timeout is above the longest wait.</param>
    public AirInterfaceClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    /// <summary>The next message for <paramref name="msisdn"/>, or null when none came within <paramref name="wait"/> (whole seconds, at most 60).</summary>
    /// <exception cref="HttpRequestException">The air interface is unreachable or answered an error.</exception>
    /// <exception cref="InvalidDataException">It answered something that is not a message.</exception>
    public async ValueTask<HandsetMessage?> ReceiveAsync(string msisdn, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(msisdn);
        var seconds = (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 0, AirInterface.MaxWaitSeconds);
        var path = string.Create(CultureInfo.InvariantCulture, $"handsets/{Uri.EscapeDataString(msisdn)}/messages?wait={seconds}");
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
            return null;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"the air interface answered HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}", null, response.StatusCode);
        return AirMessageJson.Read(body);
    }
}
