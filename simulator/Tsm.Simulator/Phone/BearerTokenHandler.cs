using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tsm.Simulator.Phone;

/// <summary>
/// The phone's HTTP pipeline to the gateway (docs/simulator.md, "Proving the number and wallet tokens"): sends
/// <c>Authorization: Bearer</c> with the current access token on every wallet and SERAM request (not on login,
/// registration codes or token refresh, which are how a wallet gets one). When the gateway answers 401 with
/// <c>WWW-Authenticate: Bearer error="invalid_token"</c>, it refreshes the tokens once (<c>POST /wallet/v1/token</c>,
/// which rotates the refresh token) and sends the request again; a token known to have expired is refreshed before
/// the request. Without an access token (a gateway that issues none) requests go as they are.
/// </summary>
public sealed class BearerTokenHandler : DelegatingHandler
{
    private readonly WalletCredentials _credentials;
    private int _refreshes;

    public BearerTokenHandler(WalletCredentials credentials, HttpMessageHandler? inner = null)
        : base(inner ?? new SocketsHttpHandler())
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <summary>Refreshes that reached the gateway and succeeded, for tests and diagnostics.</summary>
    public int Refreshes => Volatile.Read(ref _refreshes);

    /// <summary>A client for the gateway at <paramref name="gateway"/> that carries <paramref name="credentials"/>.</summary>
    public static HttpClient CreateClient(Uri gateway, WalletCredentials credentials, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        return CreateClient([gateway], credentials, timeout);
    }

    /// <summary>
    /// A client for several gateway addresses that carries <paramref name="credentials"/>: requests go to the first
    /// and fail over to the next when one cannot be reached (<see cref="GatewayFailoverHandler"/>).
    /// </summary>
    public static HttpClient CreateClient(IReadOnlyList<Uri> gateways, WalletCredentials credentials, TimeSpan? timeout = null, Action<string>? onFailover = null)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        var transport = gateways.Count > 1 ? new GatewayFailoverHandler(gateways, onFailover) : null;
        var client = new HttpClient(new BearerTokenHandler(credentials, transport), disposeHandler: true) { BaseAddress = gateways[0] };
        if (timeout is { } t)
            client.Timeout = t;
        return client;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { } uri || WalletAuthPaths.IsAnonymous(uri.AbsolutePath))
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (_credentials.IsExpired)
            await RefreshAsync(_credentials.AccessToken, uri, cancellationToken).ConfigureAwait(false);
        var used = _credentials.AccessToken;
        if (used is null)
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", used);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !IsInvalidToken(response))
            return response;
        if (!await RefreshAsync(used, uri, cancellationToken).ConfigureAwait(false) || _credentials.AccessToken is not { } fresh)
            return response;
        response.Dispose();
        // Once: whatever the second answer is, it goes to the caller.
        var again = Copy(request);
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await base.SendAsync(again, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True for <c>WWW-Authenticate: Bearer ... error="invalid_token"</c> (RFC 6750 §3.1).</summary>
    public static bool IsInvalidToken(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.WwwAuthenticate.Any(h =>
            string.Equals(h.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            && h.Parameter is { } p
            && p.Contains("error=\"invalid_token\"", StringComparison.Ordinal));
    }

    private Task<bool> RefreshAsync(string? used, Uri requestUri, CancellationToken cancellationToken) =>
        _credentials.RefreshAsync(used, refreshToken => PostRefreshAsync(new Uri(requestUri, WalletAuthPaths.Token), refreshToken, cancellationToken));

    /// <summary>The new tokens, or null when the gateway refused the refresh token (a 4xx); other failures throw.</summary>
    private async Task<WalletTokens?> PostRefreshAsync(Uri tokenUri, string refreshToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUri)
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new TokenRefreshRequest(refreshToken), PhoneJsonContext.Default.TokenRefreshRequest),
                Encoding.UTF8,
                Tsm.Protocol.Wallet.WalletPaths.ContentType),
        };
        using var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode is >= 400 and < 500)
            return null;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new WalletApiException(response.StatusCode, null, $"token refresh: HTTP {(int)response.StatusCode}");
        try
        {
            var tokens = JsonSerializer.Deserialize(body, PhoneJsonContext.Default.WalletTokens)
                ?? throw new WalletApiException(response.StatusCode, null, "token refresh: the gateway answered JSON null");
            Interlocked.Increment(ref _refreshes);
            return tokens;
        }
        catch (JsonException ex)
        {
            throw new WalletApiException(response.StatusCode, null, $"token refresh: the answer is not tokens: {ex.Message}");
        }
    }

    /// <summary>The request again (a request message is sent once); its content is buffered, so it can be read again.</summary>
    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
        {
            if (!string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase))
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return copy;
    }
}
