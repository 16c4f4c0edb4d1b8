using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tsm.Protocol.Seram;
using Tsm.Protocol.Sms.Text;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Phone;
using Tsm.Simulator.Smsc;

namespace Tsm.Simulator.Tests.Phone;

/// <summary>
/// A stand-in for the gateway's wallet API with registration codes and access tokens, as the contract says
/// (docs/simulator.md, "Proving the number and wallet tokens"), strictly: bodies with unknown or missing
/// fields are 400; a login of an SE not bound to the number needs a code (401 <c>registration-code-required</c>,
/// <c>registration-code-invalid</c>); <c>POST /wallet/v1/token</c> rotates the refresh token; operations, tasks and
/// SERAM need <c>Authorization: Bearer</c> with a live access token (401 <c>WWW-Authenticate: Bearer
/// error="invalid_token"</c> otherwise). The code SMS goes to <see cref="Handsets"/> as the SMPP SMSC simulator
/// would deliver it (data_coding 0, the GSM default alphabet).
/// </summary>
internal sealed class StrictWalletGateway : IAsyncDisposable
{
    public const string ProblemBase = "https://tsm.example/problems/";
    public const string SmsSource = "10657";
    public const string TaskId = "t-1";
    public const string OperationSession = "op-1";
    public const string RegistrationSession = "reg-1";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _bindings = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string SeId, string Msisdn), string> _codes = [];
    private readonly Dictionary<string, (string SeId, string Msisdn)> _access = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string SeId, string Msisdn)> _refresh = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _reports = new(StringComparer.Ordinal);
    private int _issued;

    private StrictWalletGateway(WebApplication app, Handsets? handsets)
    {
        _app = app;
        Handsets = handsets;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where the code SMS goes; null: the platform has no SMS channel (503).</summary>
    public Handsets? Handsets { get; }

    /// <summary>The next code texted; random six digits by default.</summary>
    public Func<string> NextCode { get; set; } = () => RandomNumberGenerator.GetInt32(1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    public int AccessTokenLifetimeSeconds { get; set; } = 900;

    /// <summary>The next this many protected requests that carry a live token find it expired (401 invalid_token, the token dropped).</summary>
    public int ExpireOnNextUse { get; set; }

    /// <summary>Refuse every refresh token (401).</summary>
    public bool RefuseRefresh { get; set; }

    /// <summary>Every request: method and path, the Authorization header, the status answered.</summary>
    public ConcurrentQueue<(string Request, string? Authorization, int Status)> Requests { get; } = new();

    /// <summary>Codes texted, in order.</summary>
    public ConcurrentQueue<string> CodesSent { get; } = new();

    /// <summary>The codes logins presented (null for a login without one).</summary>
    public ConcurrentQueue<string?> LoginCodes { get; } = new();

    /// <summary>Refresh tokens presented to <c>POST /wallet/v1/token</c>, live or not.</summary>
    public ConcurrentQueue<string> RefreshesPresented { get; } = new();

    /// <summary>Refresh tokens rotated out by a successful refresh.</summary>
    public ConcurrentQueue<string> RotatedOut { get; } = new();

    public string? LiveRefreshToken
    {
        get
        {
            lock (_gate)
                return _refresh.Keys.SingleOrDefault();
        }
    }

    public bool IsLiveAccessToken(string token)
    {
        lock (_gate)
            return _access.ContainsKey(token);
    }

    /// <summary>Binds the SE to the number, as an earlier registration would have.</summary>
    public void Bind(string seId, string msisdn)
    {
        lock (_gate)
            _bindings[seId] = msisdn;
    }

    public string? BoundNumber(string seId)
    {
        lock (_gate)
            return _bindings.GetValueOrDefault(seId);
    }

    public static async Task<StrictWalletGateway> StartAsync(Handsets? handsets)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new StrictWalletGateway(app, handsets);
        app.Use(async (context, next) =>
        {
            await next(context);
            fake.Requests.Enqueue(($"{context.Request.Method} {context.Request.Path}", context.Request.Headers.Authorization.FirstOrDefault(), context.Response.StatusCode));
        });
        app.MapPost(WalletAuthPaths.RegistrationCodes, (RequestDelegate)fake.RegistrationCodesAsync);
        app.MapPost(WalletPaths.Login, (RequestDelegate)fake.LoginAsync);
        app.MapPost(WalletAuthPaths.Token, (RequestDelegate)fake.TokenAsync);
        app.MapPost(WalletPaths.Operations, fake.Protected(fake.OperationsAsync));
        app.MapGet(WalletPaths.TaskTemplate, fake.Protected(fake.TaskAsync));
        app.MapPost(SeramConstants.HandshakePath, fake.Protected(fake.HandshakeAsync));
        app.MapPost(SeramConstants.RemoteManagementPath, fake.Protected(fake.RemoteManagementAsync));
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    private async Task RegistrationCodesAsync(HttpContext context)
    {
        if (await ReadStrictAsync(context, ["seId", "msisdn"], []) is not { } body)
            return;
        var (seId, msisdn) = (body["seId"]!, body["msisdn"]!);
        if (Handsets is null)
        {
            await ProblemAsync(context, 503, "sms-unavailable", "No SMS channel");
            return;
        }
        var code = NextCode();
        lock (_gate)
            _codes[(seId, msisdn)] = code;
        CodesSent.Enqueue(code);
        // As the SMPP SMSC simulator delivers a text submit_sm.
        var encoded = SmppMessageText.Encode($"TSM code {code}. It proves this number to your wallet; valid 5 minutes.");
        Handsets.Deliver(SmsSource, msisdn, false, encoded.DataCoding, encoded.UserData.Span, SmppMessageText.Decode(encoded.DataCoding, false, encoded.UserData.Span));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task LoginAsync(HttpContext context)
    {
        if (await ReadStrictAsync(context, ["msisdn", "seId", "imsi"], ["token", "code"]) is not { } body)
            return;
        var (seId, msisdn, code) = (body["seId"]!, body["msisdn"]!, body.GetValueOrDefault("code"));
        LoginCodes.Enqueue(code);
        string? problem = null;
        var newlyBound = false;
        lock (_gate)
        {
            if (!string.Equals(_bindings.GetValueOrDefault(seId), msisdn, StringComparison.Ordinal))
            {
                if (code is null)
                {
                    problem = WalletAuthPaths.CodeRequired;
                }
                else if (_codes.GetValueOrDefault((seId, msisdn)) != code)
                {
                    problem = WalletAuthPaths.CodeInvalid;
                }
                else
                {
                    _codes.Remove((seId, msisdn));
                    _bindings[seId] = msisdn;
                    _reports[RegistrationSession] = 0;
                    newlyBound = true;
                }
            }
        }
        if (problem is not null)
        {
            await ProblemAsync(context, 401, problem, problem == WalletAuthPaths.CodeRequired ? "Registration code required" : "Registration code invalid",
                "This SE is not bound to this number: prove the number with the code texted to it.");
            return;
        }
        var response = JsonSerializer.SerializeToNode(new WalletLoginResponse
        {
            SeId = seId,
            Msisdn = msisdn,
            Registered = true,
            QueryOnly = false,
            SessionId = newlyBound ? RegistrationSession : null,
            Applications = new WalletApplications { Download = ["A0000003330101"] },
        }, WalletJsonContext.Default.WalletLoginResponse)!.AsObject();
        foreach (var (name, value) in Issue(seId, msisdn))
            response[name] = value;
        await WriteJsonAsync(context, 200, response.ToJsonString());
    }

    private async Task TokenAsync(HttpContext context)
    {
        if (await ReadStrictAsync(context, ["refreshToken"], []) is not { } body)
            return;
        var presented = body["refreshToken"]!;
        RefreshesPresented.Enqueue(presented);
        var owner = ("", "");
        lock (_gate)
        {
            if (!RefuseRefresh && _refresh.Remove(presented, out var found))
                owner = found;
        }
        if (owner.Item1.Length == 0)
        {
            await ProblemAsync(context, 401, "invalid-refresh-token", "Refresh token not valid");
            return;
        }
        RotatedOut.Enqueue(presented);
        var answer = new JsonObject();
        foreach (var (name, value) in Issue(owner.Item1, owner.Item2))
            answer[name] = value;
        await WriteJsonAsync(context, 200, answer.ToJsonString());
    }

    private IEnumerable<(string, JsonNode)> Issue(string seId, string msisdn)
    {
        var n = Interlocked.Increment(ref _issued);
        var access = $"at-{n}-{Guid.NewGuid():N}";
        var refresh = $"rt-{n}-{Guid.NewGuid():N}";
        lock (_gate)
        {
            _access[access] = (seId, msisdn);
            _refresh[refresh] = (seId, msisdn);
        }
        return [("accessToken", access), ("expiresIn", AccessTokenLifetimeSeconds), ("refreshToken", refresh)];
    }

    private RequestDelegate Protected(RequestDelegate handler) => async context =>
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            context.Response.StatusCode = 401;
            return;
        }
        var token = header["Bearer ".Length..];
        bool live;
        lock (_gate)
        {
            live = _access.ContainsKey(token);
            if (live && ExpireOnNextUse > 0)
            {
                ExpireOnNextUse--;
                _access.Remove(token);
                live = false;
            }
        }
        if (!live)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The access token expired\"";
            context.Response.StatusCode = 401;
            return;
        }
        await handler(context);
    };

    private async Task OperationsAsync(HttpContext context)
    {
        _ = JsonSerializer.Deserialize(await ReadBodyAsync(context), WalletJsonContext.Default.WalletOperationRequest);
        _reports[OperationSession] = 0;
        await WriteJsonAsync(context, 202, JsonSerializer.Serialize(new WalletOperationAccepted { TaskId = TaskId, SessionId = OperationSession }, WalletJsonContext.Default.WalletOperationAccepted));
    }

    private Task TaskAsync(HttpContext context) => WriteJsonAsync(context, 200, JsonSerializer.Serialize(new WalletTaskStatus
    {
        TaskId = TaskId,
        SeId = "-",
        Operation = WalletOperation.Download,
        ApplicationAid = "A0000003330101",
        State = WalletTaskState.Succeeded,
    }, WalletJsonContext.Default.WalletTaskStatus));

    private async Task HandshakeAsync(HttpContext context)
    {
        _ = SeramSerializer.ParseHandshakeRequest(await ReadBodyAsync(context));
        if (!_reports.ContainsKey(context.Request.Query[SeramConstants.SessionIdParameter].ToString()))
        {
            context.Response.StatusCode = 404;
            return;
        }
        await WriteJsonAsync(context, 200, SeramSerializer.Serialize(new HandshakeResponse
        {
            ChosenTransportProtocol = SeramConstants.TransportHttp,
            ChosenDataFormat = SeramConstants.DataFormatJson,
            ChosenVersion = SeramConstants.Version,
        }));
    }

    private async Task RemoteManagementAsync(HttpContext context)
    {
        _ = SeramSerializer.ParseReport(await ReadBodyAsync(context));
        var session = context.Request.Query[SeramConstants.SessionIdParameter].ToString();
        if (!_reports.ContainsKey(session))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var order = _reports.AddOrUpdate(session, 1, (_, n) => n + 1) == 1
            ? new RemoteManagementOrder { Delay = 0, RamCommands = [RamCommand.Start(), RamCommand.SeRam("80CA9F7F00")] }
            : new RemoteManagementOrder { Delay = 0, RamCommands = [RamCommand.Stop()] };
        await WriteJsonAsync(context, 200, SeramSerializer.Serialize(order));
    }

    /// <summary>The body's string fields when it has every required one, only known ones, all strings (optional ones may be null); else 400.</summary>
    private static async Task<Dictionary<string, string?>?> ReadStrictAsync(HttpContext context, string[] required, string[] optional)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(await ReadBodyAsync(context));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new JsonException("not an object");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!required.Contains(property.Name) && !optional.Contains(property.Name))
                    throw new JsonException($"unknown field '{property.Name}'");
                if (property.Value.ValueKind == JsonValueKind.Null && optional.Contains(property.Name))
                    continue;
                if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString() is not { Length: > 0 } value)
                    throw new JsonException($"'{property.Name}' is not a non-empty string");
                fields[property.Name] = value;
            }
            if (required.FirstOrDefault(r => !fields.ContainsKey(r)) is { } missing)
                throw new JsonException($"'{missing}' is missing");
        }
        catch (JsonException ex)
        {
            await ProblemAsync(context, 400, "bad-request", "Bad request", ex.Message);
            return null;
        }
        return fields;
    }

    private static Task ProblemAsync(HttpContext context, int status, string type, string title, string? detail = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = WalletPaths.ProblemContentType;
        return context.Response.WriteAsync(JsonSerializer.Serialize(
            new WalletProblem { Type = ProblemBase + type, Title = title, Status = status, Detail = detail }, WalletJsonContext.Default.WalletProblem));
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = WalletPaths.ContentType;
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
