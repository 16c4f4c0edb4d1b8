using Microsoft.Extensions.Options;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Ota;
using Tsm.Gateway.Security;
using Tsm.Gateway.Security.Wallets;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Seram;

namespace Tsm.Gateway.Api;

/// <summary>Options of the SERAM endpoints (section "Seram").</summary>
public sealed class SeramOptions
{
    public const string Section = "Seram";

    /// <summary>How long a report waits while its task is queued behind another (SERAM long polling, at most 30 s).</summary>
    public TimeSpan LongPoll { get; set; } = TimeSpan.FromSeconds(25);
}

/// <summary>
/// GlobalPlatform SERAM 2.0.0 remote agent (docs/wallet-protocol.md "SERAM as used here"): the wallet is the local agent, POSTing reports with
/// the R-APDUs of the last order; each answer is the next order of C-APDUs, then a stopCommand.
/// </summary>
public static class SeramApi
{
    public static IEndpointRouteBuilder MapSeramApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(SeramConstants.BasePath).WithTags("SERAM").RequireAuthorization(Policies.SeramSession);
        group.MapPost("/handshake", Handshake).WithSummary("SERAM handshake: transport, data format and version.")
            .Accepts<HandshakeRequest>(SeramConstants.ContentType)
            .Produces<HandshakeResponse>(StatusCodes.Status200OK, SeramConstants.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/remoteManagement", RemoteManagement).WithSummary("SERAM remote management: report in, next order out.")
            .Accepts<RemoteManagementReport>(SeramConstants.ContentType)
            .Produces<RemoteManagementOrder>(StatusCodes.Status200OK, SeramConstants.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<IResult> Handshake(HttpRequest request, string? sessionId, IGrainFactory grains, SeramSessions sessions)
    {
        if (string.IsNullOrEmpty(sessionId))
            return Problems.Invalid(["The sessionId query parameter is required."]);
        HandshakeRequest offer;
        try
        {
            offer = SeramSerializer.ParseHandshakeRequest(await RequestBodies.ReadAsync(request));
        }
        catch (SeramFormatException ex)
        {
            return Problems.Invalid([ex.Message]);
        }
        return await Problems.Guard(async () =>
        {
            var taskId = SessionTask(request.HttpContext, sessions, sessionId);
            var seId = taskId.SeId;
            await grains.GetGrain<ISeGrain>(seId).GetTask(taskId);
            if (!offer.SecureElements.Any(se => se.SeId.Equals(seId, StringComparison.OrdinalIgnoreCase)))
                return Results.Problem(title: "Unknown SE", detail: "The session belongs to an SE the device does not offer.", statusCode: StatusCodes.Status404NotFound);
            // The transport chosen is the one this request came over (docs/wallet-protocol.md, "SERAM conformance").
            var served = request.IsHttps ? SeramConstants.TransportHttps : SeramConstants.TransportHttp;
            if (!offer.EffectiveTransportProtocols.Contains(served)
                || !offer.EffectiveDataFormats.Contains(SeramConstants.DataFormatJson)
                || !offer.EffectiveVersions.Contains(SeramConstants.Version))
            {
                return Results.Problem(title: "Not acceptable",
                    detail: $"This connection is {served}; the platform speaks {served}, {SeramConstants.DataFormatJson}, SERAM {SeramConstants.Version} on it. "
                        + $"The offer was {Offered(offer.EffectiveTransportProtocols)}, {Offered(offer.EffectiveDataFormats)}, {Offered(offer.EffectiveVersions)} (an absent list means HTTPS, application/json, 2.0.0).",
                    statusCode: StatusCodes.Status406NotAcceptable);
            }
            var choice = new HandshakeResponse { ChosenTransportProtocol = served, ChosenDataFormat = SeramConstants.DataFormatJson, ChosenVersion = SeramConstants.Version };
            return Results.Content(SeramSerializer.Serialize(choice), SeramConstants.ContentType);
        });
    }

    private static async Task<IResult> RemoteManagement(
        HttpRequest request, string? sessionId, IGrainFactory grains, SeramSessions sessions, TaskQueueSignals queues, IOptionsMonitor<SeramOptions> options, ILoggerFactory loggers)
    {
        if (string.IsNullOrEmpty(sessionId))
            return Problems.Invalid(["The sessionId query parameter is required."]);
        RemoteManagementReport report;
        try
        {
            report = SeramSerializer.ParseReport(await RequestBodies.ReadAsync(request));
        }
        catch (SeramFormatException ex)
        {
            return Problems.Invalid([ex.Message]);
        }
        var problems = SeramValidation.Validate(report);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        // R-APDUs up to the first one not available (an empty string): the commands from there on count as unanswered.
        var responses = report.AvailableRapdus();
        var status = report.LocalAgentStatus;
        // POLLING with nothing executed is the first report of a command exchange: it asks for the current order (a
        // new session) and its answer is the session's first order, the one that carries startCommand. Nothing else
        // does, so a gateway restarted in the middle of a session (whose task then opens a new secure channel) never
        // sends a second startCommand in it.
        var opensSession = status.LocalAgentStatusEnum == LocalAgentStatusKind.Polling && responses.Count == 0;
        int? answering = opensSession ? null : 0;
        // An error status answers the order too: its R-APDUs go to the task, which opens the secure channel again from
        // the stage the SE stopped in (a bounded number of times) and, when it gives up, fails naming the status.
        string? agentError = null;
        if (status.IsError)
        {
            var name = SeramValidation.Name(status.LocalAgentStatusEnum);
            agentError = string.IsNullOrWhiteSpace(status.ErrorMsg) ? name : $"{name}: {Shorten(status.ErrorMsg, 200)}";
            var logged = sessions.TryOpen(sessionId, WalletIdentity.Of(request.HttpContext.User)!.Login, out var loggedTask) ? loggedTask.ToString() : "?";
            SeramLog.AgentError(loggers.CreateLogger(typeof(SeramApi)), logged, name, status.ExecutedSeRamCommands,
                string.IsNullOrWhiteSpace(status.ErrorMsg) ? "(no errorMsg)" : LogValue.Safe(status.ErrorMsg.ReplaceLineEndings(" ").Trim(), 2000));
        }
        return await Problems.Guard(async () =>
        {
            var taskId = SessionTask(request.HttpContext, sessions, sessionId);
            var se = grains.GetGrain<ISeGrain>(taskId.SeId);
            var result = await se.Exchange(taskId, answering, responses, agentError);
            // Queued behind another task: the long poll ends when the SE's queue lets this task run (or the task ends).
            if (result.Waiting)
                result = await queues.UntilAsync(taskId.SeId, () => se.Exchange(taskId, null, []), r => !r.Waiting, options.CurrentValue.LongPoll, request.HttpContext.RequestAborted);
            return Results.Content(SeramSerializer.Serialize(ToOrder(result, opensSession)), SeramConstants.ContentType);
        });
    }

    /// <summary>The task of a session the authorization policy has already checked against the access token.</summary>
    private static TaskId SessionTask(HttpContext context, SeramSessions sessions, string sessionId) =>
        sessions.TryOpen(sessionId, WalletIdentity.Of(context.User)!.Login, out var task)
            ? task
            : throw new RefusedException(RefusalCode.UnknownSession, "No such session for this wallet.");

    /// <summary>The order answering a report; <paramref name="opensSession"/> puts startCommand first (the session's first order).</summary>
    private static RemoteManagementOrder ToOrder(ExchangeResult result, bool opensSession)
    {
        List<RamCommand> commands = opensSession ? [RamCommand.Start()] : [];
        if (result.Waiting)
        {
            commands.Add(RamCommand.Notification("waiting: another task for this SE runs first"));
            return new RemoteManagementOrder { Delay = 1, RamCommands = commands };
        }
        if (result.Order is { } order)
        {
            commands.Add(RamCommand.Notification(order.Purpose));
            commands.Add(RamCommand.SeRam(order.Commands));
            // Delay 0: the wallet reports as soon as the SE answered, with no polling pause.
            return new RemoteManagementOrder { Delay = 0, RamCommands = commands };
        }
        var task = result.Task;
        var text = task.State == TaskState.Succeeded
            ? "done"
            : $"{task.State.ToString().ToLowerInvariant()}: {task.Reason}{(task.StatusWord is null ? "" : $" (SW {task.StatusWord})")}";
        commands.Add(RamCommand.Notification(text));
        commands.Add(RamCommand.Stop());
        return new RemoteManagementOrder { Delay = 0, RamCommands = commands };
    }

    /// <summary>A list from the client's offer, quoted in a refusal: bounded (docs/security.md, "Input handling").</summary>
    private static string Offered(IReadOnlyList<string> values) => ClientText.Bounded(string.Join("/", values));

    /// <summary>An agent's errorMsg as it goes into a failure reason: one line, at most <paramref name="max"/> characters.</summary>
    private static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..max] + "…";
    }
}
