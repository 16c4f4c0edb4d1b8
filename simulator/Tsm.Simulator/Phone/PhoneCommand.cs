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
/// It logs in (running the SERAM session the login asks for), then runs one operation: POST it, run its SERAM
/// session, and read the task's final state. One line per step on stdout. <c>listen</c> instead waits for wake-up
/// pushes from the SMSC simulator's air interface and acts on each (<see cref="PushListener"/>).
/// </summary>
public static class PhoneCommand
{
    public const string Usage =
        "usage: Tsm.Simulator phone --gateway URL --seid HEX --msisdn N [--imsi N] [--state FILE] [--channel wallet|business-hall]\n" +
        "                           login | status | sync | download AID | delete AID | lock AID | unlock AID\n" +
        "                           | listen --air URL [--port 16145] [--count N] [--wait SECONDS]\n" +
        "listen: after login, long-poll the SMSC simulator's air interface (smsc --air-port) for this MSISDN's SMS; each\n" +
        "        wake-up for --port and this SEID is presented (POST /wallet/v1/push/SERIAL) and its SERAM session run.\n" +
        "        Stops after --count pushes (exit 0 only if every task succeeded, else 1) or when interrupted";

    /// <summary>Exit codes of <c>phone</c>.</summary>
    public static class Exit
    {
        public const int Ok = 0;

        /// <summary>The task failed or was aborted (or the card could not be read).</summary>
        public const int TaskFailed = 1;

        /// <summary>The gateway is unreachable, answered a problem, or broke the protocol.</summary>
        public const int Gateway = 2;

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

        using (card)
        using (var http = new HttpClient { BaseAddress = parsed.Gateway, Timeout = settings.HttpTimeout })
        {
            try
            {
                return await RunAsync(parsed, card, http, stdout, stderr, settings, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                stderr.WriteLine($"phone: gateway {parsed.Gateway} unreachable: {ex.Message}");
                return Exit.Gateway;
            }
            catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
            {
                stderr.WriteLine($"phone: gateway {parsed.Gateway} did not answer: {ex.Message}");
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
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                stderr.WriteLine("phone: interrupted");
                return Exit.TaskFailed;
            }
        }
    }

    private static async Task<int> RunAsync(
        PhoneArguments args, SimulatedCard card, HttpClient http, TextWriter stdout, TextWriter stderr, PhoneSettings settings, CancellationToken ct)
    {
        var wallet = new WalletClient(http);
        var token = WalletClient.ReadToken(card);
        stdout.WriteLine($"card: seId={args.SeId} token={token ?? "none"}");

        var login = await wallet.LoginAsync(new WalletLoginRequest { Msisdn = args.Msisdn, SeId = args.SeId, Imsi = args.Imsi, Token = token }, ct)
            .ConfigureAwait(false);
        stdout.WriteLine(
            $"login: registered={Flag(login.Registered)} queryOnly={Flag(login.QueryOnly)} session={login.SessionId ?? "none"} " +
            $"download={login.Applications.Download.Count} delete={login.Applications.Delete.Count} " +
            $"lock={login.Applications.Lock.Count} unlock={login.Applications.Unlock.Count}");
        if (login.SessionId is { } loginSession && !await RunSeramAsync(card, args.SeId, http, loginSession, stdout, stderr, settings, ct).ConfigureAwait(false))
            return Exit.Gateway;

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
}

/// <summary>The parsed command line of <c>phone</c>.</summary>
internal sealed record PhoneArguments
{
    private static readonly string[] Actions = ["login", "status", "sync", "download", "delete", "lock", "unlock", "listen"];

    /// <summary>Options only <c>listen</c> takes.</summary>
    private static readonly string[] ListenOptions = ["air", "port", "count", "wait"];

    public required Uri Gateway { get; init; }

    public required string SeId { get; init; }

    public required string Msisdn { get; init; }

    public required string Imsi { get; init; }

    public string? StatePath { get; init; }

    public required string Action { get; init; }

    public string? Aid { get; init; }

    public WalletChannel Channel { get; init; }

    /// <summary>listen: the SMSC simulator's air interface (base URL, ending in '/').</summary>
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
        var options = Options.Parse(optionArgs, ["gateway", "seid", "msisdn", "imsi", "state", "channel", .. ListenOptions]);

        var gatewayText = options.Required("gateway");
        if (!Uri.TryCreate(gatewayText, UriKind.Absolute, out var gateway) || (gateway.Scheme != Uri.UriSchemeHttp && gateway.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"option '--gateway': '{gatewayText}' is not an http(s) URL");
        var seId = Hex.Format(Options.HexValue("seid", options.Required("seid")));
        if (seId.Length == 0)
            throw new UsageException("option '--seid' must not be empty");
        var msisdn = options.Required("msisdn");
        if (msisdn.Length is < 5 or > 15 || !msisdn.All(char.IsAsciiDigit))
            throw new UsageException($"option '--msisdn': '{msisdn}' must be 5 to 15 digits");
        var imsi = options.Single("imsi") ?? DefaultImsi(msisdn);
        if (imsi.Length is < 6 or > 15 || !imsi.All(char.IsAsciiDigit))
            throw new UsageException($"option '--imsi': '{imsi}' must be 6 to 15 digits");
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
                Gateway = gateway,
                SeId = seId,
                Msisdn = msisdn,
                Imsi = imsi,
                StatePath = options.Single("state"),
                Action = action,
                Channel = channel,
            });
        }

        return new PhoneArguments
        {
            Gateway = gateway,
            SeId = seId,
            Msisdn = msisdn,
            Imsi = imsi,
            StatePath = options.Single("state"),
            Action = action,
            Aid = aid,
            Channel = channel,
        };
    }

    private static PhoneArguments ParseListen(Options options, PhoneArguments parsed)
    {
        var airText = options.Required("air");
        if (!Uri.TryCreate(airText, UriKind.Absolute, out var air) || (air.Scheme != Uri.UriSchemeHttp && air.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"option '--air': '{airText}' is not an http(s) URL");
        if (!air.AbsolutePath.EndsWith('/'))
            air = new Uri(air.GetLeftPart(UriPartial.Path) + "/");
        return parsed with
        {
            Air = air,
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
