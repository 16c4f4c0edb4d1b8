using Microsoft.Extensions.Time.Testing;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;
using Tsm.Simulator.Smsc;

namespace Tsm.Simulator.Tests.Phone;

/// <summary>
/// The phone's side of proving its number and of the wallet's access tokens (docs/simulator.md, "Proving the number and wallet tokens"), against
/// <see cref="StrictWalletGateway"/>: the registration code read from the air interface or typed with --code, the
/// Bearer token on every request after the login, one refresh with rotation on 401 invalid_token, the phone state file.
/// </summary>
public sealed class PhoneRegistrationTests : IAsyncLifetime
{
    private const string SeId = SeramLocalAgentTests.SeId;
    private const string Msisdn = "8613800138000";
    private const string Code = "482915";
    private const string Aid = "A0000003330101";

    private static readonly PhoneSettings Settings = new()
    {
        Agent = SeramLocalAgentTests.Fast,
        TaskPollPause = TimeSpan.Zero,
        CodeWait = TimeSpan.FromSeconds(20),
    };

    private readonly Handsets _handsets = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("phone-auth-").FullName;
    private AirInterface _air = null!;
    private StrictWalletGateway _gateway = null!;

    private string CardState => Path.Combine(_directory, "card.json");

    private string PhoneStateFile => Path.Combine(_directory, "card.phone.json");

    public async Task InitializeAsync()
    {
        _air = new AirInterface(_handsets);
        _air.Start();
        _gateway = await StrictWalletGateway.StartAsync(_handsets);
        _gateway.NextCode = () => Code;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _air.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await PhoneCommand.RunAsync(
            ["--gateway", _gateway.BaseAddress.ToString(), "--seid", SeId, "--msisdn", Msisdn, "--state", CardState, .. args],
            stdout, stderr, Settings, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_new_phone_reads_the_code_from_its_SMS_and_logs_in_with_it()
    {
        var (code, stdout, stderr) = await RunAsync("--air", _air.BaseAddress.ToString(), "login");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("login: registration code required", stdout, StringComparison.Ordinal);
        Assert.Contains($"registration: code requested by SMS to {Msisdn}", stdout, StringComparison.Ordinal);
        Assert.Contains($"registration: code received by SMS from {StrictWalletGateway.SmsSource}", stdout, StringComparison.Ordinal);
        Assert.Contains("login: registered=true", stdout, StringComparison.Ordinal);
        Assert.Contains($"auth: access token for 900 s, tokens saved to {PhoneStateFile}", stdout, StringComparison.Ordinal);
        Assert.EndsWith("done: logged in", stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(Code, stdout + stderr, StringComparison.Ordinal);
        Assert.Equal(Code, Assert.Single(_gateway.CodesSent));
        Assert.Equal([null, Code], _gateway.LoginCodes);
        Assert.Equal(Msisdn, _gateway.BoundNumber(SeId));

        // The registration's SERAM session ran with the token; login and code requests went without one.
        var requests = _gateway.Requests.ToList();
        Assert.Contains(requests, r => r.Request.StartsWith("POST /gp/seram/remoteManagement", StringComparison.Ordinal) && r.Status == 200);
        Assert.All(requests.Where(r => r.Request.Contains("/gp/seram/", StringComparison.Ordinal)),
            r => Assert.StartsWith("Bearer at-", r.Authorization, StringComparison.Ordinal));
        Assert.All(requests.Where(r => r.Request.Contains("/login", StringComparison.Ordinal) || r.Request.Contains("/registration-codes", StringComparison.Ordinal)),
            r => Assert.Null(r.Authorization));

        // The tokens are kept, owner-only, for this SE and number; the code is not.
        var saved = PhoneState.Load(PhoneStateFile)!;
        Assert.Equal((SeId, Msisdn), (saved.SeId, saved.Msisdn));
        Assert.Equal(_gateway.LiveRefreshToken, saved.RefreshToken);
        Assert.True(_gateway.IsLiveAccessToken(saved.AccessToken!));
        Assert.DoesNotContain(Code, await File.ReadAllTextAsync(PhoneStateFile), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PhoneStateFile));
    }

    [Fact]
    public async Task Without_the_air_interface_the_phone_asks_for_a_code_exits_3_and_logs_in_with_the_typed_code()
    {
        var (first, stdout, _) = await RunAsync("login");

        Assert.Equal(PhoneCommand.Exit.CodeNeeded, first);
        Assert.Contains("registration: read the code from the SMS and run again with --code NNNNNN", stdout, StringComparison.Ordinal);
        Assert.Null(_gateway.BoundNumber(SeId));
        // A person reads the SMS on the handset.
        var sms = await _handsets.ReceiveAsync(Msisdn, TimeSpan.FromSeconds(10));
        Assert.Equal((StrictWalletGateway.SmsSource, (byte)0), (sms!.Source, sms.DataCoding));
        Assert.Equal(Code, RegistrationCodeSms.FindCode(sms.Text));

        var (second, stdout2, stderr2) = await RunAsync("--code", Code, "status");

        Assert.True(second == 0, stdout2 + stderr2);
        Assert.Contains("registration: using the code given with --code", stdout2, StringComparison.Ordinal);
        Assert.Contains("login: registered=true", stdout2, StringComparison.Ordinal);
        Assert.Contains("download: " + Aid, stdout2, StringComparison.Ordinal);
        // The typed code was used: no second code was asked for.
        Assert.Single(_gateway.CodesSent);
        Assert.Equal([null, null, Code], _gateway.LoginCodes);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_exits_2()
    {
        var (code, _, stderr) = await RunAsync("--code", "111111", "login");

        Assert.Equal(PhoneCommand.Exit.Gateway, code);
        Assert.Contains("the gateway refused the registration code: HTTP 401 Registration code invalid", stderr, StringComparison.Ordinal);
        Assert.Empty(_gateway.CodesSent);
        Assert.Null(_gateway.BoundNumber(SeId));
    }

    [Fact]
    public async Task A_registered_phone_logs_in_without_a_code_and_sends_the_token_on_every_request()
    {
        _gateway.Bind(SeId, Msisdn);

        var (code, stdout, stderr) = await RunAsync("download", Aid);

        Assert.True(code == 0, stdout + stderr);
        Assert.Equal([null], _gateway.LoginCodes);
        Assert.Empty(_gateway.CodesSent);
        var requests = _gateway.Requests.Where(r => !r.Request.Contains("/login", StringComparison.Ordinal)).ToList();
        Assert.Equal(["POST /wallet/v1/operations", "POST /gp/seram/handshake", "POST /gp/seram/remoteManagement", "POST /gp/seram/remoteManagement", "GET /wallet/v1/tasks/t-1"],
            requests.Select(r => r.Request));
        var token = PhoneState.Load(PhoneStateFile)!.AccessToken;
        Assert.All(requests, r => Assert.Equal("Bearer " + token, r.Authorization));
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_with_rotation_and_the_request_sent_again()
    {
        _gateway.Bind(SeId, Msisdn);
        _gateway.ExpireOnNextUse = 1;

        var (code, stdout, stderr) = await RunAsync("download", Aid);

        Assert.True(code == 0, stdout + stderr);
        Assert.EndsWith("task t-1: succeeded", stdout.TrimEnd(), StringComparison.Ordinal);
        var requests = _gateway.Requests.Select(r => (r.Request, r.Status)).ToList();
        Assert.Equal(
            [("POST /wallet/v1/login", 200), ("POST /wallet/v1/operations", 401), ("POST /wallet/v1/token", 200), ("POST /wallet/v1/operations", 202)],
            requests.Take(4));
        // The login's refresh token was presented once and rotated out; the phone keeps the new pair.
        var first = Assert.Single(_gateway.RefreshesPresented);
        Assert.Equal(first, Assert.Single(_gateway.RotatedOut));
        var saved = PhoneState.Load(PhoneStateFile)!;
        Assert.NotEqual(first, saved.RefreshToken);
        Assert.Equal(_gateway.LiveRefreshToken, saved.RefreshToken);
        Assert.All(_gateway.Requests.Skip(3), r => Assert.Equal("Bearer " + saved.AccessToken, r.Authorization));
    }

    [Fact]
    public async Task A_refused_refresh_is_tried_once_and_the_401_ends_the_run_with_exit_2()
    {
        _gateway.Bind(SeId, Msisdn);
        _gateway.ExpireOnNextUse = 1;
        _gateway.RefuseRefresh = true;

        var (code, _, stderr) = await RunAsync("sync");

        Assert.Equal(PhoneCommand.Exit.Gateway, code);
        Assert.Contains("HTTP 401", stderr, StringComparison.Ordinal);
        Assert.Single(_gateway.RefreshesPresented);
        Assert.Equal(2, _gateway.Requests.Count(r => r.Request == "POST /wallet/v1/operations" || r.Request == "POST /wallet/v1/token"));
        // The refused refresh token is not kept.
        Assert.Null(PhoneState.Load(PhoneStateFile)!.RefreshToken);
    }

    [Fact]
    public async Task A_token_past_its_expiry_is_refreshed_before_the_request()
    {
        _gateway.Bind(SeId, Msisdn);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credentials = new WalletCredentials(SeId, Msisdn, time: clock);
        using var http = BearerTokenHandler.CreateClient(_gateway.BaseAddress, credentials);
        var wallet = new WalletClient(http, credentials);
        var login = await wallet.LoginAsync(new WalletLoginRequest { Msisdn = Msisdn, SeId = SeId, Imsi = "460001234567890" }, null);
        Assert.Equal(login.Tokens!.AccessToken, credentials.AccessToken);
        Assert.Equal(clock.GetUtcNow().AddSeconds(900), credentials.ExpiresAt);

        clock.Advance(TimeSpan.FromSeconds(901));
        await wallet.SubmitOperationAsync(new WalletOperationRequest { Msisdn = Msisdn, SeId = SeId, Operation = WalletOperation.Sync });

        Assert.Equal(["POST /wallet/v1/login", "POST /wallet/v1/token", "POST /wallet/v1/operations"], _gateway.Requests.Select(r => r.Request));
        Assert.DoesNotContain(_gateway.Requests, r => r.Status == 401);
        Assert.NotEqual(login.Tokens.AccessToken, credentials.AccessToken);
    }

    [Fact]
    public async Task Tokens_kept_for_another_SE_or_number_are_not_used()
    {
        new PhoneState { SeId = SeId, Msisdn = "8613900000009", AccessToken = "at-old", RefreshToken = "rt-old" }.Save(PhoneStateFile);

        Assert.Null(WalletCredentials.Load(SeId, Msisdn, PhoneStateFile).AccessToken);
        Assert.Equal("at-old", WalletCredentials.Load(SeId, "8613900000009", PhoneStateFile).AccessToken);
        Assert.Null(WalletCredentials.Load(SeId, Msisdn, Path.Combine(_directory, "none.json")).AccessToken);
        await File.WriteAllTextAsync(PhoneStateFile, "[1]");
        Assert.Throws<InvalidDataException>(() => WalletCredentials.Load(SeId, Msisdn, PhoneStateFile));
    }

    [Fact]
    public async Task The_code_SMS_must_come_within_the_wait()
    {
        await using var silent = await StrictWalletGateway.StartAsync(new Handsets());
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await PhoneCommand.RunAsync(
            ["--gateway", silent.BaseAddress.ToString(), "--seid", SeId, "--msisdn", Msisdn, "--air", _air.BaseAddress.ToString(), "login"],
            stdout, stderr, Settings with { CodeWait = TimeSpan.FromSeconds(1) }, CancellationToken.None);

        Assert.Equal(PhoneCommand.Exit.Gateway, code);
        Assert.Contains($"no registration code SMS came to {Msisdn} within 1 s", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--code 12ab login", "'--code'")]
    [InlineData("--code 1234567 login", "'--code'")]
    [InlineData("--air ftp://x login", "'--air'")]
    public async Task Bad_code_and_air_options_exit_64(string commandLine, string message)
    {
        var (code, _, stderr) = await RunAsync(commandLine.Split(' '));

        Assert.Equal(64, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_phone_state_may_not_be_the_card_state()
    {
        var (code, _, stderr) = await RunAsync("--phone-state", CardState, "login");

        Assert.Equal(64, code);
        Assert.Contains("must name different files", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_usage_describes_the_registration_and_token_options()
    {
        Assert.Contains("[--air URL] [--code NNNNNN]", PhoneCommand.Usage, StringComparison.Ordinal);
        Assert.Contains("--phone-state FILE", PhoneCommand.Usage, StringComparison.Ordinal);
        Assert.Contains("exits 3", PhoneCommand.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TSM code 123456. It proves this number to your wallet; valid 5 minutes.", "123456")]
    [InlineData("Your code: 000042", "000042")]
    [InlineData("TSM code 1234567", null)]
    [InlineData("valid 5 minutes", null)]
    [InlineData(null, null)]
    public void The_code_is_the_first_run_of_six_digits(string? text, string? expected) =>
        Assert.Equal(expected, RegistrationCodeSms.FindCode(text));
}
