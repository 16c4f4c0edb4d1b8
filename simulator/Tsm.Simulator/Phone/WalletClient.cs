using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tsm.Protocol;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Phone;

/// <summary>
/// Typed client of the platform's wallet API (docs/wallet-protocol.md), as the phone's wallet app uses it. Every
/// non-success answer throws <see cref="WalletApiException"/> carrying the RFC 7807 problem when there is one.
/// The access token goes with each request when the client's pipeline has a <see cref="BearerTokenHandler"/>; the
/// tokens a login issues go to the <see cref="WalletCredentials"/> given here.
/// </summary>
public sealed class WalletClient
{
    /// <summary>ISD AID the registration token lives on.</summary>
    public const string IsdAid = "A0000001510000";

    private readonly HttpClient _http;
    private readonly WalletCredentials? _credentials;

    /// <param name="http">A client whose BaseAddress is the gateway (see <see cref="BearerTokenHandler.CreateClient(Uri, WalletCredentials, TimeSpan?)"/>).</param>
    /// <param name="credentials">Where the tokens of a login go; null: they are not kept.</param>
    public WalletClient(HttpClient http, WalletCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _credentials = credentials;
    }

    public async Task<WalletLoginResponse> LoginAsync(WalletLoginRequest request, CancellationToken ct = default) =>
        (await LoginAsync(request, null, ct).ConfigureAwait(false)).Response;

    /// <summary>
    /// <c>POST /wallet/v1/login</c>, with the registration code read from the SMS when the gateway asked for one. A
    /// 401 whose problem type ends with <c>registration-code-required</c> or <c>registration-code-invalid</c> throws
    /// <see cref="WalletApiException"/> (see <see cref="WalletAuthPaths.IsProblem"/>). The tokens of a 200 go to the
    /// credentials.
    /// </summary>
    public async Task<WalletLoginResult> LoginAsync(WalletLoginRequest request, string? code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new CodeLoginRequest(request.Msisdn, request.SeId, request.Imsi, request.Token, code ?? request.Code);
        using var content = new StringContent(JsonSerializer.Serialize(body, PhoneJsonContext.Default.CodeLoginRequest), Encoding.UTF8, WalletPaths.ContentType);
        using var response = await _http.PostAsync(new Uri(WalletPaths.Login, UriKind.Relative), content, ct).ConfigureAwait(false);
        var json = await ReadBodyAsync(response, ct).ConfigureAwait(false);
        var login = Parse(response, json, WalletJsonContext.Default.WalletLoginResponse);
        WalletTokens? tokens = null;
        if (HasProperty(json, "accessToken"))
        {
            tokens = Parse(response, json, PhoneJsonContext.Default.WalletTokens);
            _credentials?.Update(tokens);
        }
        return new WalletLoginResult(login, tokens);
    }

    /// <summary>
    /// <c>POST /wallet/v1/registration-codes</c>: asks the platform to text a registration code to
    /// <paramref name="msisdn"/> (202). A 503 means the platform has no SMS channel.
    /// </summary>
    public async Task RequestRegistrationCodeAsync(string seId, string msisdn, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(seId);
        ArgumentException.ThrowIfNullOrEmpty(msisdn);
        using var content = new StringContent(
            JsonSerializer.Serialize(new RegistrationCodeRequest(seId, msisdn), PhoneJsonContext.Default.RegistrationCodeRequest), Encoding.UTF8, WalletPaths.ContentType);
        using var response = await _http.PostAsync(new Uri(WalletAuthPaths.RegistrationCodes, UriKind.Relative), content, ct).ConfigureAwait(false);
        await ReadBodyAsync(response, ct).ConfigureAwait(false);
    }

    public Task<WalletOperationAccepted> SubmitOperationAsync(WalletOperationRequest request, CancellationToken ct = default) =>
        PostAsync(WalletPaths.Operations, request, WalletJsonContext.Default.WalletOperationRequest, WalletJsonContext.Default.WalletOperationAccepted, ct);

    /// <summary>
    /// Presents the serial of a wake-up push (<c>POST /wallet/v1/push/{serial}</c>, docs/push-sms.md): the task the push
    /// was for and its SERAM session. Unknown (404), malformed (400), expired or used (410) serials throw
    /// <see cref="WalletApiException"/> with the problem.
    /// </summary>
    public async Task<WalletOperationAccepted> PresentPushAsync(string serial, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(serial);
        using var response = await _http.PostAsync(new Uri(WalletPaths.Push(serial), UriKind.Relative), null, ct).ConfigureAwait(false);
        return await ReadAsync(response, WalletJsonContext.Default.WalletOperationAccepted, ct).ConfigureAwait(false);
    }

    public async Task<WalletTaskStatus> GetTaskAsync(string taskId, CancellationToken ct = default)
    {
        using var response = await _http.GetAsync(new Uri(WalletPaths.Task(taskId), UriKind.Relative), ct).ConfigureAwait(false);
        return await ReadAsync(response, WalletJsonContext.Default.WalletTaskStatus, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the registration token from the SE: SELECT the ISD, then GET DATA 1047 (<c>80 CA 10 47 00</c>).
    /// 6A88 (referenced data not found) means the SE was never registered: null.
    /// </summary>
    /// <exception cref="InvalidDataException">The card answered another error.</exception>
    public static string? ReadToken(ISmartCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var select = card.Transmit(Hex.Parse("00A40400" + "07" + IsdAid + "00"));
        if (StatusOf(select) != 0x9000)
            throw new InvalidDataException($"SELECT ISD answered {StatusOf(select):X4}");
        var answer = card.Transmit(Hex.Parse("80CA104700"));
        var sw = StatusOf(answer);
        if (sw == 0x6A88)
            return null;
        if (sw != 0x9000)
            throw new InvalidDataException($"GET DATA 1047 answered {sw:X4}");
        var data = answer.AsSpan(0, answer.Length - 2);
        return Hex.Format(UnwrapTag1047(data));
    }

    // The card answers 10 47 L V (L in BER form); accept a bare value too.
    private static ReadOnlySpan<byte> UnwrapTag1047(ReadOnlySpan<byte> data)
    {
        if (data.Length < 3 || data[0] != 0x10 || data[1] != 0x47)
            return data;
        int length, offset;
        switch (data[2])
        {
            case < 0x80:
                (length, offset) = (data[2], 3);
                break;
            case 0x81 when data.Length >= 4:
                (length, offset) = (data[3], 4);
                break;
            case 0x82 when data.Length >= 5:
                (length, offset) = ((data[3] << 8) | data[4], 5);
                break;
            default:
                throw new InvalidDataException("GET DATA 1047: bad length");
        }
        if (offset + length > data.Length)
            throw new InvalidDataException("GET DATA 1047: value shorter than its length");
        return data.Slice(offset, length);
    }

    private static int StatusOf(byte[] rapdu) =>
        rapdu.Length >= 2 ? (rapdu[^2] << 8) | rapdu[^1] : throw new InvalidDataException("R-APDU shorter than a status word");

    private async Task<TResponse> PostAsync<TRequest, TResponse>(
        string path, TRequest request, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var content = new StringContent(JsonSerializer.Serialize(request, requestInfo), Encoding.UTF8, WalletPaths.ContentType);
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, ct).ConfigureAwait(false);
        return await ReadAsync(response, responseInfo, ct).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> info, CancellationToken ct) =>
        Parse(response, await ReadBodyAsync(response, ct).ConfigureAwait(false), info);

    /// <summary>The body of a success; an error answer throws with its problem.</summary>
    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new WalletApiException(response.StatusCode, TryReadProblem(body));
        return body;
    }

    private static T Parse<T>(HttpResponseMessage response, string body, JsonTypeInfo<T> info)
    {
        try
        {
            return JsonSerializer.Deserialize(body, info)
                ?? throw new WalletApiException(response.StatusCode, null, "the gateway answered JSON null");
        }
        catch (JsonException ex)
        {
            throw new WalletApiException(response.StatusCode, null, $"the gateway's answer is not a {typeof(T).Name}: {ex.Message}");
        }
    }

    private static bool HasProperty(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind != JsonValueKind.Null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static WalletProblem? TryReadProblem(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return null;
        try
        {
            return JsonSerializer.Deserialize(body, WalletJsonContext.Default.WalletProblem);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The wallet API answered an error (with its RFC 7807 problem when it sent one) or an unreadable body.</summary>
public sealed class WalletApiException : Exception
{
    public WalletApiException()
    {
    }

    public WalletApiException(string message)
        : base(message)
    {
    }

    public WalletApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WalletApiException(HttpStatusCode status, WalletProblem? problem, string? message = null)
        : base(message ?? Describe(status, problem))
    {
        Status = status;
        Problem = problem;
    }

    public HttpStatusCode Status { get; }

    public WalletProblem? Problem { get; }

    private static string Describe(HttpStatusCode status, WalletProblem? problem) =>
        problem is null
            ? $"HTTP {(int)status}"
            : $"HTTP {(int)status} {problem.Title}" + (problem.Detail is { } detail ? $": {detail}" : "");
}
