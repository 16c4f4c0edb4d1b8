namespace Tsm.Simulator.Phone;

/// <summary>
/// The wallet's tokens for one SE and number, shared by everything that talks to the gateway (the wallet client, the
/// SERAM local agent, the push handler) through <see cref="BearerTokenHandler"/>. Each change is written to the state
/// file when there is one (<see cref="PhoneState"/>). Thread-safe; one refresh at a time.
/// </summary>
public sealed class WalletCredentials
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private string? _accessToken;
    private string? _refreshToken;
    private DateTimeOffset? _expiresAt;
    private Task<bool>? _refreshing;

    /// <param name="seId">The SE (hex) the tokens are for.</param>
    /// <param name="msisdn">The number the tokens are for.</param>
    /// <param name="stateFile">Where the tokens are kept between runs; null: in memory only.</param>
    /// <param name="time">Clock for the access token's expiry.</param>
    public WalletCredentials(string seId, string msisdn, string? stateFile = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(seId);
        ArgumentException.ThrowIfNullOrEmpty(msisdn);
        SeId = seId;
        Msisdn = msisdn;
        StateFile = stateFile;
        _time = time ?? TimeProvider.System;
    }

    public string SeId { get; }

    public string Msisdn { get; }

    public string? StateFile { get; }

    /// <summary>The access token to send, null before the first login (or from a gateway that issues none).</summary>
    public string? AccessToken
    {
        get
        {
            lock (_gate)
                return _accessToken;
        }
    }

    /// <summary>True when a refresh token is held (a refresh can be tried).</summary>
    public bool CanRefresh
    {
        get
        {
            lock (_gate)
                return _refreshToken is not null;
        }
    }

    /// <summary>When the access token stops working, by its <c>expiresIn</c>.</summary>
    public DateTimeOffset? ExpiresAt
    {
        get
        {
            lock (_gate)
                return _expiresAt;
        }
    }

    /// <summary>True when the access token's lifetime has run out on this phone's clock.</summary>
    public bool IsExpired
    {
        get
        {
            lock (_gate)
                return _accessToken is not null && _expiresAt is { } at && _time.GetUtcNow() >= at;
        }
    }

    /// <summary>
    /// The credentials kept in <paramref name="stateFile"/> when they were issued for this SE and number (another SE's or
    /// number's are not used, and are overwritten at the next login); empty credentials otherwise.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a phone state.</exception>
    public static WalletCredentials Load(string seId, string msisdn, string? stateFile, TimeProvider? time = null)
    {
        var credentials = new WalletCredentials(seId, msisdn, stateFile, time);
        if (stateFile is not null && PhoneState.Load(stateFile) is { } state
            && string.Equals(state.SeId, seId, StringComparison.OrdinalIgnoreCase) && state.Msisdn == msisdn)
        {
            credentials._accessToken = state.AccessToken;
            credentials._refreshToken = state.RefreshToken;
            credentials._expiresAt = state.AccessTokenExpiresAt;
        }
        return credentials;
    }

    /// <summary>Takes newly issued tokens (login or refresh) and saves them.</summary>
    public void Update(WalletTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        lock (_gate)
        {
            _accessToken = tokens.AccessToken;
            _refreshToken = tokens.RefreshToken;
            _expiresAt = _time.GetUtcNow().AddSeconds(Math.Max(0, tokens.ExpiresIn));
            Save();
        }
    }

    /// <summary>Drops the refresh token the gateway refused, so that it is not presented again.</summary>
    public void ForgetRefreshToken()
    {
        lock (_gate)
        {
            _refreshToken = null;
            Save();
        }
    }

    /// <summary>
    /// Gets new tokens in place of <paramref name="used"/>, at most one refresh at a time: when another caller already
    /// replaced that access token, true at once; when a refresh is running, its outcome. <paramref name="refresh"/>
    /// presents the refresh token and returns the new tokens, or null when the gateway refused it.
    /// </summary>
    public Task<bool> RefreshAsync(string? used, Func<string, Task<WalletTokens?>> refresh)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        lock (_gate)
        {
            if (!string.Equals(_accessToken, used, StringComparison.Ordinal))
                return Task.FromResult(_accessToken is not null);
            if (_refreshing is { } running)
                return running;
            if (_refreshToken is not { } refreshToken)
                return Task.FromResult(false);
            _refreshing = RunRefreshAsync(refreshToken, refresh);
            return _refreshing;
        }
    }

    private async Task<bool> RunRefreshAsync(string refreshToken, Func<string, Task<WalletTokens?>> refresh)
    {
        try
        {
            await Task.Yield();
            var tokens = await refresh(refreshToken).ConfigureAwait(false);
            if (tokens is null)
            {
                ForgetRefreshToken();
                return false;
            }
            Update(tokens);
            return true;
        }
        finally
        {
            lock (_gate)
                _refreshing = null;
        }
    }

    private void Save()
    {
        if (StateFile is null)
            return;
        new PhoneState
        {
            SeId = SeId,
            Msisdn = Msisdn,
            AccessToken = _accessToken,
            AccessTokenExpiresAt = _expiresAt,
            RefreshToken = _refreshToken,
        }.Save(StateFile);
    }
}
