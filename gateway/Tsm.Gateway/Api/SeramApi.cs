using Microsoft.Extensions.Options;
using Tsm.Gateway.Ota;
using Tsm.Grains.Ota;
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
/// GlobalPlatform SERAM 2.0.0 remote agent (PROTOCOLS.md §4b): the wallet is the local agent, POSTing reports with
/// the R-APDUs of the last order; each answer is the next order of C-APDUs, then a stopCommand.
/// </summary>
public static class SeramApi
{
    public static IEndpointRouteBuilder MapSeramApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(SeramConstants.BasePath).WithTags("SERAM");
        group.MapPost("/handshake", Handshake).WithSummary("SERAM handshake: transport, data format and version.");
        group.MapPost("/remoteManagement", RemoteManagement).WithSummary("SERAM remote management: report in, next order out.");
        return app;
    }

    private static async Task<IResult> Handshake(HttpRequest request, string? sessionId, IGrainFactory grains)
    {
        if (string.IsNullOrEmpty(sessionId))
            return Problems.Invalid(["The sessionId query parameter is required."]);
        HandshakeRequest offer;
        try
        {
            offer = SeramSerializer.ParseHandshakeRequest(await ReadBodyAsync(request));
        }
        catch (SeramFormatException ex)
        {
            return Problems.Invalid([ex.Message]);
        }
        return await Problems.Guard(async () =>
        {
            var taskId = Problems.TaskIdOf(sessionId);
            var seId = taskId.SeId;
            await grains.GetGrain<ISeGrain>(seId).GetTask(taskId);
            if (!offer.SecureElements.Any(se => se.SeId.Equals(seId, StringComparison.OrdinalIgnoreCase)))
                return Results.Problem(title: "Unknown SE", detail: "The session belongs to an SE the device does not offer.", statusCode: StatusCodes.Status404NotFound);
            if (!offer.EffectiveTransportProtocols.Contains(SeramConstants.TransportHttps)
                || !offer.EffectiveDataFormats.Contains(SeramConstants.DataFormatJson)
                || !offer.EffectiveVersions.Contains(SeramConstants.Version))
            {
                return Results.Problem(title: "Not acceptable", detail: $"The platform speaks {SeramConstants.TransportHttps}, {SeramConstants.DataFormatJson}, SERAM {SeramConstants.Version}.", statusCode: StatusCodes.Status406NotAcceptable);
            }
            var choice = new HandshakeResponse { ChosenTransportProtocol = SeramConstants.TransportHttps, ChosenDataFormat = SeramConstants.DataFormatJson, ChosenVersion = SeramConstants.Version };
            return Results.Content(SeramSerializer.Serialize(choice), SeramConstants.ContentType);
        });
    }

    private static async Task<IResult> RemoteManagement(HttpRequest request, string? sessionId, IGrainFactory grains, TaskQueueSignals queues, IOptions<SeramOptions> options)
    {
        if (string.IsNullOrEmpty(sessionId))
            return Problems.Invalid(["The sessionId query parameter is required."]);
        RemoteManagementReport report;
        try
        {
            report = SeramSerializer.ParseReport(await ReadBodyAsync(request));
        }
        catch (SeramFormatException ex)
        {
            return Problems.Invalid([ex.Message]);
        }
        var problems = SeramValidation.Validate(report);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var responses = report.RamResponses?.SelectMany(r => r.ListOfRapdu).ToList() ?? [];
        // POLLING with nothing executed asks for the current order (a new session); anything else answers it.
        int? answering = report.LocalAgentStatus.LocalAgentStatusEnum == LocalAgentStatusKind.Polling && responses.Count == 0 ? null : 0;
        return await Problems.Guard(async () =>
        {
            var taskId = Problems.TaskIdOf(sessionId);
            var se = grains.GetGrain<ISeGrain>(taskId.SeId);
            var result = await se.Exchange(taskId, answering, responses);
            // Queued behind another task: the long poll ends when the SE's queue lets this task run (or the task ends).
            if (result.Waiting)
                result = await queues.UntilAsync(taskId.SeId, () => se.Exchange(taskId, null, []), r => !r.Waiting, options.Value.LongPoll, request.HttpContext.RequestAborted);
            return Results.Content(SeramSerializer.Serialize(ToOrder(result)), SeramConstants.ContentType);
        });
    }

    private static RemoteManagementOrder ToOrder(ExchangeResult result)
    {
        if (result.Waiting)
            return new RemoteManagementOrder { Delay = 1, RamCommands = [RamCommand.Notification("waiting: another task for this SE runs first")] };
        if (result.Order is { } order)
        {
            List<RamCommand> commands = order.Sequence == 1 ? [RamCommand.Start()] : [];
            commands.Add(RamCommand.Notification(order.Purpose));
            commands.Add(RamCommand.SeRam(order.Commands));
            // Delay 0: the wallet reports as soon as the SE answered, with no polling pause.
            return new RemoteManagementOrder { Delay = 0, RamCommands = commands };
        }
        var task = result.Task;
        var text = task.State == TaskState.Succeeded
            ? "done"
            : $"{task.State.ToString().ToLowerInvariant()}: {task.Reason}{(task.StatusWord is null ? "" : $" (SW {task.StatusWord})")}";
        return new RemoteManagementOrder { Delay = 0, RamCommands = [RamCommand.Notification(text), RamCommand.Stop()] };
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }
}
