using System.Globalization;
using System.Text.Json;
using Tsm.Protocol;
using Tsm.Protocol.Wallet;
using Tsm.Simulator.Card;
using Tsm.Simulator.Cli;
using Tsm.Simulator.Smsc;

namespace Tsm.Simulator.Phone;

/// <summary>
/// <c>phone</c>: a simulated handset with a wallet app, a SERAM local agent and a simulated eSE, talking to the gateway.
/// It logs in (proving its number with a registration code from an SMS when the gateway asks for one, then running
/// the SERAM session the login asks for), then runs one operation: POST it, run its SERAM session, and read the
/// task's final state. One line per step on stdout. Every request after the login carries the access token
/// (<see cref="BearerTokenHandler"/>); the tokens are kept in the phone state file. <c>listen</c> instead waits for
/// wake-up pushes from the SMSC simulator's air interface and acts on each (<see cref="PushListener"/>).
/// </summary>
public static class PhoneCommand
{
    public const string Usage =
        "usage: Tsm.Simulator phone --gateway URL [--gateway URL]... --seid HEX --msisdn N [--imsi N] [--state FILE] [--phone-state FILE]\n" +
        "                           [--channel wallet|business-hall] [--air URL] [--code NNNNNN]\n" +
        "                           login | status | sync | download AID | delete AID | lock AID | unlock AID\n" +
        "                           | listen --air URL [--port 16145] [--count N] [--wait SECONDS]\n" +
        "Every action logs in first. When the gateway asks for a registration code (this SE is not yet bound to --msisdn):\n" +
        "  --code NNNNNN  logs in with the code a person read from the SMS;\n" +
        "  --air URL      asks the platform to text a code to --msisdn, long-polls the SMSC simulator's air interface\n" +
        "                 (smsc --air-port) for that SMS, reads the 6-digit code and logs in with it;\n" +
        "  neither        asks for the code, prints how to go on, and exits 3 (run again with --code).\n" +
        "--gateway URL: repeat it for several gateways; the phone uses the one that answered last and fails over to the next\n" +
        "        when it cannot be reached or answers 502/503/504, as a wallet does.\n" +
        "--phone-state FILE: the wallet's access and refresh tokens, kept between runs (owner-only file); default: the\n" +
        "        --state file's name with .phone.json (card.json -> card.phone.json); without either, in memory only.\n" +
        "listen: after login, long-poll the SMSC simulator's air interface (smsc --air-port) for this MSISDN's SMS; each\n" +
        "        wake-up for --port and this SEID is presented (POST /wallet/v1/push/SERIAL) and its SERAM session run.\n" +
        "        Stops after --count pushes (exit 0 only if every task succeeded, else 1) or when interrupted";

    /// <summary>Exit codes of <c>phone</c>.</summary>
    public static class Exit
    {
        public const int Ok = 0;

        /// <summary>The task failed or was aborted (or the card could not be read).</summary>
        public const int TaskFailed = 1;

        /// <summary>The gateway is unreachable, answered a problem (a refused registration code too), or broke the protocol.</summary>
        public const int Gateway = 2;

        /// <summary>The gateway asked for a registration code; one was requested by SMS: run again with <c>--code</c>.</summary>
        public const int CodeNeeded = 3;

        public const int Usage = ExitCodes.Usage;
    }

    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, stdout, stderr, new PhoneSettings(), ct);

    internal static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, PhoneSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(settings);
        PhoneArguments parsed;
        try
        {
            parsed = PhoneArguments.Parse(args);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"phone: {ex.Message}");
            stderr.WriteLine(Usage);
            return Exit.Usage;
        }

        SimulatedCard card;
        try
        {
            card = OpenCard(parsed, stdout);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or ArgumentException or FormatException)
        {
            stderr.WriteLine($"phone: cannot open the card: {ex.Message}");
            return Exit.TaskFailed;
        }

        WalletCredentials credentials;
        try
        {
            credentials = WalletCredentials.Load(parsed.SeId, parsed.Msisdn, parsed.PhoneStatePath, settings.Time);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            card.Dispose();
            stderr.WriteLine($"phone: cannot read the phone state: {ex.Message}");
            return Exit.TaskFailed;
        }

        using (card)
        using (var http = BearerTokenHandler.CreateClient(parsed.Gateways, credentials, settings.HttpTimeout, stdout.WriteLine))
        {
            try
            {
                return await RunAsync(parsed, card, http, credentials, stdout, stderr, settings, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                stderr.WriteLine($"phone: gateway {GatewayNames(parsed)} unreachable: {ex.Message}");
                return Exit.Gateway;
            }
            catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
            {
                stderr.WriteLine($"phone: gateway {GatewayNames(parsed)} did not answer: {ex.Message}");
                return Exit.Gateway;
            }
            catch (WalletApiException ex)
            {
                stderr.WriteLine($"phone: gateway answered {ex.Message}");
                return Exit.Gateway;
            }
            catch (InvalidDataException ex)
            {
                stderr.WriteLine($"phone: card: {ex.Message}");
                return Exit.TaskFailed;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"phone: cannot write a state file: {ex.Message}");
                return Exit.TaskFailed;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                stderr.WriteLine("phone: interrupted");
                return Exit.TaskFailed;
            }
        }
    }

    private static async Task<int> RunAsync(
        PhoneArguments args, SimulatedCard card, HttpClient http, WalletCredentials credentials, TextWriter stdout, TextWriter stderr,
        PhoneSettings settings, CancellationToken ct)
    {
        var wallet = new WalletClient(http, credentials);
        var token = WalletClient.ReadToken(card);
        stdout.WriteLine($"card: seId={args.SeId} token={token ?? "none"}");

        var (result, exit) = await LoginAsync(args, wallet, new WalletLoginRequest { Msisdn = args.Msisdn, SeId = args.SeId, Imsi = args.Imsi, Token = token },
            stdout, stderr, settings, ct).ConfigureAwait(false);
        if (result is null)
            return exit;
        var login = result.Response;
        // Not yet registered, with a SERAM session to run: this login registers the SE (the session writes the binding).
        var registering = !login.Registered && login.SessionId is not null && !login.QueryOnly;
        stdout.WriteLine(
            $"login: registered={(registering ? "registering" : Flag(login.Registered))} queryOnly={Flag(login.QueryOnly)} session={login.SessionId ?? "none"} " +
            $"download={login.Applications.Download.Count} delete={login.Applications.Delete.Count} " +
            $"lock={login.Applications.Lock.Count} unlock={login.Applications.Unlock.Count}");
        if (result.Tokens is { } tokens)
            stdout.WriteLine($"auth: access token for {tokens.ExpiresIn} s" + (credentials.StateFile is { } file ? $", tokens saved to {file}" : ""));
        if (login.SessionId is { } loginSession)
        {
            if (!await RunSeramAsync(card, args.SeId, http, loginSession, stdout, stderr, settings, ct).ConfigureAwait(false))
                return Exit.Gateway;
            if (registering)
                stdout.WriteLine(await RegistrationOutcomeAsync(wallet, login.TaskId, settings, ct).ConfigureAwait(false));
        }

        switch (args.Action)
        {
            case "login":
                stdout.WriteLine("done: logged in");
                return Exit.Ok;
            case "status":
                PrintList(stdout, "download", login.Applications.Download);
                PrintList(stdout, "delete", login.Applications.Delete);
                PrintList(stdout, "lock", login.Applications.Lock);
                PrintList(stdout, "unlock", login.Applications.Unlock);
                stdout.WriteLine("done: status");
                return Exit.Ok;
            case "listen":
                return await ListenAsync(args, card, http, stdout, stderr, settings, ct).ConfigureAwait(false);
        }

        var operation = args.Operation!.Value;
        var accepted = await wallet.SubmitOperationAsync(
            new WalletOperationRequest
            {
                Msisdn = args.Msisdn,
                SeId = args.SeId,
                Operation = operation,
                ApplicationAid = args.Aid,
                Channel = args.Channel,
            },
            ct).ConfigureAwait(false);
        stdout.WriteLine($"operation: {args.Action} {args.Aid ?? "-"} accepted task={accepted.TaskId} session={accepted.SessionId}");
        if (!await RunSeramAsync(card, args.SeId, http, accepted.SessionId, stdout, stderr, settings, ct).ConfigureAwait(false))
            return Exit.Gateway;

        var task = await wallet.GetTaskAsync(accepted.TaskId, ct).ConfigureAwait(false);
        for (var poll = 1; !task.IsFinal && poll < settings.TaskPolls; poll++)
        {
            await Task.Delay(settings.TaskPollPause, ct).ConfigureAwait(false);
            task = await wallet.GetTaskAsync(accepted.TaskId, ct).ConfigureAwait(false);
        }
        var state = StateName(task.State);
        switch (task.State)
        {
            case WalletTaskState.Succeeded:
                stdout.WriteLine($"task {task.TaskId}: {state}");
                return Exit.Ok;
            case WalletTaskState.Failed or WalletTaskState.Aborted:
                var reason = task.Failure?.Reason ?? "no reason given";
                var sw = task.Failure?.StatusWord is { } statusWord ? $" (SW {statusWord})" : "";
                stdout.WriteLine($"task {task.TaskId}: {state}: {reason}{sw}");
                return Exit.TaskFailed;
            default:
                stdout.WriteLine($"task {task.TaskId}: still {state} after the SERAM session ended");
                return Exit.TaskFailed;
        }
    }

    /// <summary>
    /// The login, with a registration code when the gateway asks for one: <c>--code</c> as typed, or one requested now
    /// and read from the air interface (<c>--air</c>); without either the code is requested and the run ends with
    /// <see cref="Exit.CodeNeeded"/>. The result is null when the run ends here (with that exit code).
    /// </summary>
    private static async Task<(WalletLoginResult? Result, int Exit)> LoginAsync(
        PhoneArguments args, WalletClient wallet, WalletLoginRequest request, TextWriter stdout, TextWriter stderr, PhoneSettings settings, CancellationToken ct)
    {
        try
        {
            return (await wallet.LoginAsync(request, null, ct).ConfigureAwait(false), Exit.Ok);
        }
        catch (WalletApiException ex) when (WalletAuthPaths.IsProblem(ex.Problem, WalletAuthPaths.CodeRequired))
        {
            stdout.WriteLine($"login: registration code required ({ex.Problem?.Detail ?? ex.Problem?.Title})");
        }

        string code;
        if (args.Code is { } typed)
        {
            code = typed;
            stdout.WriteLine("registration: using the code given with --code");
        }
        else
        {
            await wallet.RequestRegistrationCodeAsync(args.SeId, args.Msisdn, ct).ConfigureAwait(false);
            stdout.WriteLine($"registration: code requested by SMS to {args.Msisdn}");
            if (args.Air is not { } air)
            {
                stdout.WriteLine("registration: read the code from the SMS and run again with --code NNNNNN");
                return (null, Exit.CodeNeeded);
            }
            HandsetMessage? sms;
            // The long poll holds the request for up to a minute: the client waits longer than that.
            using (var airHttp = new HttpClient { BaseAddress = air, Timeout = TimeSpan.FromSeconds(AirInterface.MaxWaitSeconds + 30) })
            {
                try
                {
                    sms = await RegistrationCodeSms.WaitAsync(
                        new AirInterfaceClient(airHttp).ReceiveAsync,
                        args.Msisdn,
                        settings.CodeWait,
                        m => stdout.WriteLine($"ignored: SMS from {m.Source}: no registration code in it"),
                        settings.Time,
                        ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidDataException || ex is TaskCanceledException && !ct.IsCancellationRequested)
                {
                    stderr.WriteLine($"phone: air interface {air}: {ex.Message}");
                    return (null, Exit.Gateway);
                }
            }
            if (sms is null)
            {
                stderr.WriteLine($"phone: no registration code SMS came to {args.Msisdn} within {settings.CodeWait.TotalSeconds:0} s");
                return (null, Exit.Gateway);
            }
            code = RegistrationCodeSms.FindCode(sms.Text)!;
            stdout.WriteLine($"registration: code received by SMS from {sms.Source}");
        }

        try
        {
            return (await wallet.LoginAsync(request, code, ct).ConfigureAwait(false), Exit.Ok);
        }
        catch (WalletApiException ex) when (WalletAuthPaths.IsProblem(ex.Problem, WalletAuthPaths.CodeInvalid) || WalletAuthPaths.IsProblem(ex.Problem, WalletAuthPaths.CodeRequired))
        {
            stderr.WriteLine($"phone: the gateway refused the registration code: {ex.Message}");
            return (null, Exit.Gateway);
        }
    }

    /// <summary>
    /// After the SERAM session of a registering login: the registration task's final state (the SE is registered once
    /// it succeeded), read as for any task; without a task id, the completed session is the answer.
    /// </summary>
    private static async Task<string> RegistrationOutcomeAsync(WalletClient wallet, string? taskId, PhoneSettings settings, CancellationToken ct)
    {
        if (taskId is null)
            return "registration: done: registered=true";
        var task = await wallet.GetTaskAsync(taskId, ct).ConfigureAwait(false);
        for (var poll = 1; !task.IsFinal && poll < settings.TaskPolls; poll++)
        {
            await Task.Delay(settings.TaskPollPause, ct).ConfigureAwait(false);
            task = await wallet.GetTaskAsync(taskId, ct).ConfigureAwait(false);
        }
        return task.State == WalletTaskState.Succeeded
            ? $"registration: task {taskId} succeeded: registered=true"
            : $"registration: task {taskId} {StateName(task.State)}: registered=false";
    }

    private static string GatewayNames(PhoneArguments args) => string.Join(", ", args.Gateways);

    /// <summary><c>listen</c>: pushes from the air interface until --count are handled or the user interrupts.</summary>
    private static async Task<int> ListenAsync(
        PhoneArguments args, SimulatedCard card, HttpClient gateway, TextWriter stdout, TextWriter stderr, PhoneSettings settings, CancellationToken ct)
    {
        var air = args.Air!;
        // The long poll holds the request for up to --wait seconds: the client waits longer than that.
        using var airHttp = new HttpClient { BaseAddress = air, Timeout = args.Wait + TimeSpan.FromSeconds(30) };
        var handler = new WalletPushHandler(card, args.SeId, gateway, settings.Agent, settings.TaskPolls, settings.TaskPollPause);
        var listener = new PushListener(
            new PushListenerOptions { Msisdn = args.Msisdn, SeId = args.SeId, Port = args.Port, Count = args.Count, Wait = args.Wait },
            new AirInterfaceClient(airHttp).ReceiveAsync,
            handler.HandleAsync,
            stdout);
        stdout.WriteLine($"listen: MSISDN {args.Msisdn}, port {args.Port}, air interface {air}" + (args.Count is { } n ? $", {n} push(es)" : ""));
        PushListenerResult result;
        try
        {
            result = await listener.RunAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidDataException || ex is TaskCanceledException && !ct.IsCancellationRequested)
        {
            // Only the receive step throws: the handler turns gateway errors into a failed push.
            stderr.WriteLine($"phone: air interface {air}: {ex.Message}");
            return Exit.Gateway;
        }
        stdout.WriteLine($"done: {result.Handled} push(es) handled, {result.Succeeded} succeeded, {result.Ignored} SMS ignored");
        return result.AllSucceeded ? Exit.Ok : Exit.TaskFailed;
    }

    private static async Task<bool> RunSeramAsync(
        SimulatedCard card, string seId, HttpClient http, string sessionId, TextWriter stdout, TextWriter stderr, PhoneSettings settings, CancellationToken ct)
    {
        var options = settings.Agent with { OnStep = step => stdout.WriteLine($"seram: {step.Kind.ToString().ToLowerInvariant()} {step.Detail}") };
        var agent = new SeramLocalAgent(card, seId, http, sessionId, options);
        var result = await agent.RunAsync(ct).ConfigureAwait(false);
        if (result.IsCompleted)
            return true;
        stderr.WriteLine($"phone: SERAM session {sessionId} ended {result.Outcome}: {result.Detail}");
        return false;
    }

    private static SimulatedCard OpenCard(PhoneArguments args, TextWriter stdout)
    {
        SimulatedCard card;
        if (args.StatePath is { } path && File.Exists(path))
        {
            card = SimulatedCard.FromStateFile(path);
            if (!string.Equals(card.SeId, args.SeId, StringComparison.OrdinalIgnoreCase))
            {
                var held = card.SeId;
                card.Dispose();
                throw new ArgumentException($"state file '{path}' holds SE {held}, not {args.SeId}");
            }
            stdout.WriteLine($"card: loaded {path}");
        }
        else
        {
            card = new SimulatedCard(CardFactory.CreateDefault(args.SeId), args.StatePath);
            if (args.StatePath is { } newPath)
            {
                card.Save();
                stdout.WriteLine($"card: created {newPath}");
            }
            else
            {
                stdout.WriteLine("card: created in memory");
            }
        }
        card.PowerOn();
        return card;
    }

    private static void PrintList(TextWriter stdout, string name, IReadOnlyList<string> aids) =>
        stdout.WriteLine($"{name}: {(aids.Count == 0 ? "-" : string.Join(" ", aids))}");

    private static string Flag(bool value) => value ? "true" : "false";

    private static string StateName(WalletTaskState state) => state switch
    {
        WalletTaskState.Queued => "queued",
        WalletTaskState.Running => "running",
        WalletTaskState.Succeeded => "succeeded",
        WalletTaskState.Failed => "failed",
        _ => "aborted",
    };
}

/// <summary>Timing of <see cref="PhoneCommand"/>; tests shrink it.</summary>
internal sealed record PhoneSettings
{
    public SeramAgentOptions Agent { get; init; } = new();

    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times to read the task before giving up on a final state.</summary>
    public int TaskPolls { get; init; } = 20;

    public TimeSpan TaskPollPause { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long <c>--air</c> waits for the registration code SMS (the code is valid 5 minutes).</summary>
    public TimeSpan CodeWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The phone's clock: the access token's expiry, the wait for the code.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>The parsed command line of <c>phone</c>.</summary>
internal sealed record PhoneArguments
{
    private static readonly string[] Actions = ["login", "status", "sync", "download", "delete", "lock", "unlock", "listen"];

    /// <summary>Options only <c>listen</c> takes.</summary>
    private static readonly string[] ListenOptions = ["port", "count", "wait"];

    /// <summary>The gateway addresses, in order of preference (<c>--gateway</c>, repeatable): the phone fails over between them.</summary>
    public required IReadOnlyList<Uri> Gateways { get; init; }

    public required string SeId { get; init; }

    public required string Msisdn { get; init; }

    public required string Imsi { get; init; }

    public string? StatePath { get; init; }

    /// <summary>The wallet's token file; null: tokens in memory only.</summary>
    public string? PhoneStatePath { get; init; }

    /// <summary>A registration code typed by a person (<c>--code</c>), used when the gateway asks for one.</summary>
    public string? Code { get; init; }

    public required string Action { get; init; }

    public string? Aid { get; init; }

    public WalletChannel Channel { get; init; }

    /// <summary>The SMSC simulator's air interface (base URL, ending in '/'): listen's pushes, login's registration code.</summary>
    public Uri? Air { get; init; }

    /// <summary>listen: the wallet's application port.</summary>
    public ushort Port { get; init; } = PushListener.DefaultPort;

    /// <summary>listen: pushes to handle before exiting; null: until interrupted.</summary>
    public int? Count { get; init; }

    /// <summary>listen: one long poll.</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(AirInterface.DefaultWaitSeconds);

    /// <summary>Null for login and status.</summary>
    public WalletOperation? Operation => Action switch
    {
        "sync" => WalletOperation.Sync,
        "download" => WalletOperation.Download,
        "delete" => WalletOperation.Delete,
        "lock" => WalletOperation.Lock,
        "unlock" => WalletOperation.Unlock,
        _ => null,
    };

    /// <exception cref="UsageException">Anything wrong with the arguments.</exception>
    public static PhoneArguments Parse(IReadOnlyList<string> args)
    {
        var optionArgs = new List<string>();
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                optionArgs.Add(args[i]);
                if (i + 1 < args.Count)
                    optionArgs.Add(args[++i]);
            }
            else
            {
                positional.Add(args[i]);
            }
        }
        var options = Options.Parse(optionArgs, ["gateway", "seid", "msisdn", "imsi", "state", "phone-state", "channel", "air", "code", .. ListenOptions]);

        var gatewayTexts = options.All("gateway");
        if (gatewayTexts.Count == 0)
            throw new UsageException("option '--gateway' is required");
        var gateway = gatewayTexts.Select(ParseGateway).ToList();
        var seId = Hex.Format(Options.HexValue("seid", options.Required("seid")));
        if (seId.Length == 0)
            throw new UsageException("option '--seid' must not be empty");
        var msisdn = options.Required("msisdn");
        if (msisdn.Length is < 5 or > 15 || !msisdn.All(char.IsAsciiDigit))
            throw new UsageException($"option '--msisdn': '{msisdn}' must be 5 to 15 digits");
        var imsi = options.Single("imsi") ?? DefaultImsi(msisdn);
        if (imsi.Length is < 6 or > 15 || !imsi.All(char.IsAsciiDigit))
            throw new UsageException($"option '--imsi': '{imsi}' must be 6 to 15 digits");
        var code = options.Single("code");
        if (code is not null && (code.Length != 6 || !code.All(char.IsAsciiDigit)))
            throw new UsageException($"option '--code': '{code}' must be 6 digits");
        var air = options.Single("air") is { } airText ? ParseAir(airText) : null;
        var statePath = options.Single("state");
        var phoneStatePath = options.Single("phone-state") ?? (statePath is null ? null : DefaultPhoneState(statePath));
        if (phoneStatePath is not null && statePath is not null && Path.GetFullPath(phoneStatePath) == Path.GetFullPath(statePath))
            throw new UsageException("options '--phone-state' and '--state' must name different files");
        var channel = options.Single("channel") switch
        {
            null or "wallet" => WalletChannel.Wallet,
            "business-hall" => WalletChannel.BusinessHall,
            var other => throw new UsageException($"option '--channel': '{other}' is not wallet or business-hall"),
        };

        if (positional.Count == 0)
            throw new UsageException("an action is required");
        var action = positional[0];
        if (!Actions.Contains(action))
            throw new UsageException($"unknown action '{action}'");
        string? aid = null;
        var needsAid = action is "download" or "delete" or "lock" or "unlock";
        if (needsAid)
        {
            if (positional.Count != 2)
                throw new UsageException($"'{action}' needs exactly one AID");
            var bytes = Options.HexValue("aid", positional[1]);
            if (bytes.Length is < 5 or > 16)
                throw new UsageException($"AID '{positional[1]}' must be 5 to 16 bytes");
            aid = Hex.Format(bytes);
        }
        else if (positional.Count != 1)
        {
            throw new UsageException($"'{action}' takes no argument, got '{positional[1]}'");
        }
        if (action != "listen")
        {
            if (ListenOptions.FirstOrDefault(o => options.Single(o) is not null) is { } stray)
                throw new UsageException($"option '--{stray}' is for 'listen' only");
        }
        else
        {
            return ParseListen(options, new PhoneArguments
            {
                Gateways = gateway,
                SeId = seId,
                Msisdn = msisdn,
                Imsi = imsi,
                StatePath = statePath,
                PhoneStatePath = phoneStatePath,
                Code = code,
                Air = air,
                Action = action,
                Channel = channel,
            });
        }

        return new PhoneArguments
        {
            Gateways = gateway,
            SeId = seId,
            Msisdn = msisdn,
            Imsi = imsi,
            StatePath = statePath,
            PhoneStatePath = phoneStatePath,
            Code = code,
            Air = air,
            Action = action,
            Aid = aid,
            Channel = channel,
        };
    }

    private static Uri ParseGateway(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var gateway) || (gateway.Scheme != Uri.UriSchemeHttp && gateway.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"option '--gateway': '{text}' is not an http(s) URL");
        // A base address: the API's paths are relative to it.
        return gateway.AbsolutePath.EndsWith('/') ? gateway : new Uri(gateway.GetLeftPart(UriPartial.Path) + "/");
    }

    private static Uri ParseAir(string airText)
    {
        if (!Uri.TryCreate(airText, UriKind.Absolute, out var air) || (air.Scheme != Uri.UriSchemeHttp && air.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"option '--air': '{airText}' is not an http(s) URL");
        return air.AbsolutePath.EndsWith('/') ? air : new Uri(air.GetLeftPart(UriPartial.Path) + "/");
    }

    /// <summary>card.json → card.phone.json, beside the card's state.</summary>
    private static string DefaultPhoneState(string statePath) =>
        Path.Combine(Path.GetDirectoryName(statePath) ?? "", Path.GetFileNameWithoutExtension(statePath) + ".phone.json");

    private static PhoneArguments ParseListen(Options options, PhoneArguments parsed)
    {
        if (parsed.Air is null)
            _ = options.Required("air");
        return parsed with
        {
            Port = (ushort)Number(options, "port", PushListener.DefaultPort, 0, ushort.MaxValue),
            Count = options.Single("count") is null ? null : Number(options, "count", 0, 1, int.MaxValue),
            Wait = TimeSpan.FromSeconds(Number(options, "wait", AirInterface.DefaultWaitSeconds, 1, AirInterface.MaxWaitSeconds)),
        };
    }

    private static int Number(Options options, string name, int fallback, int min, int max)
    {
        if (options.Single(name) is not { } text)
            return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new UsageException($"option '--{name}': '{text}' is not a number in {min}..{max}");
        return n;
    }

    // Without --imsi: a China Mobile-style IMSI (MCC 460, MNC 00) from the MSISDN's last ten digits.
    private static string DefaultImsi(string msisdn) => "46000" + msisdn[^Math.Min(10, msisdn.Length)..].PadLeft(10, '0');
}
