using System.Text.Json;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Wallet;

namespace Tsm.Gateway.Api;

/// <summary>The wallet client's API (docs/wallet-protocol.md): login and registration, operations, task status.</summary>
public static class WalletApi
{
    public static IEndpointRouteBuilder MapWalletApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/wallet/v1").WithTags("Wallet");
        // The bodies are read by hand (size cap, source-generated JSON); the metadata tells OpenAPI what they are.
        group.MapPost("/login", Login).WithSummary("Log in; registers the SE to the MSISDN when unbound (requirement 5.5.2).")
            .Accepts<WalletLoginRequest>(WalletPaths.ContentType)
            .Produces<WalletLoginResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/operations", Submit).WithSummary("Download, delete, lock, unlock or sync an application (requirement 5.8.4).")
            .Accepts<WalletOperationRequest>(WalletPaths.ContentType)
            .Produces<WalletOperationAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/tasks/{taskId}", GetTask).WithSummary("A task's state and failure reason.")
            .Produces<WalletTaskStatus>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/tasks/{taskId}", Abort).WithSummary("Abort a waiting or running task (requirement 5.8.8).")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/ses/{seId}/tasks", Queue).WithSummary("The running task and the queue of one SE (requirement 5.8.8).")
            .Produces<IReadOnlyList<WalletTaskStatus>>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Login(HttpRequest request, IGrainFactory grains)
    {
        var body = await ReadAsync(request, WalletJsonContext.Default.WalletLoginRequest);
        if (body.Problem is not null)
            return body.Problem;
        var login = body.Value!;
        var problems = WalletValidation.Validate(login);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var seId = login.SeId.ToUpperInvariant();
        return await Problems.Guard(async () =>
        {
            var outcome = await grains.GetGrain<ISeGrain>(seId).Login(new LoginCommand(login.Msisdn, login.Imsi, login.Token));
            var response = new WalletLoginResponse
            {
                SeId = seId,
                Msisdn = login.Msisdn,
                Registered = outcome.Registered,
                QueryOnly = outcome.QueryOnly,
                SessionId = outcome.SessionId,
                Applications = new WalletApplications
                {
                    Download = outcome.Applications.Download,
                    Delete = outcome.Applications.Delete,
                    Lock = outcome.Applications.Lock,
                    Unlock = outcome.Applications.Unlock,
                },
            };
            return Results.Json(response, WalletJsonContext.Default.WalletLoginResponse);
        });
    }

    private static async Task<IResult> Submit(HttpRequest request, IGrainFactory grains)
    {
        var body = await ReadAsync(request, WalletJsonContext.Default.WalletOperationRequest);
        if (body.Problem is not null)
            return body.Problem;
        var operation = body.Value!;
        var problems = WalletValidation.Validate(operation);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var seId = operation.SeId.ToUpperInvariant();
        var kind = operation.Operation switch
        {
            WalletOperation.Download => OperationKind.Download,
            WalletOperation.Delete => OperationKind.Delete,
            WalletOperation.Lock => OperationKind.Lock,
            WalletOperation.Unlock => OperationKind.Unlock,
            WalletOperation.Sync => OperationKind.Sync,
            _ => throw new InvalidOperationException($"WalletValidation lets no {operation.Operation} request through."),
        };
        var channel = operation.Channel == WalletChannel.BusinessHall ? TaskChannel.BusinessHall : TaskChannel.Wallet;
        return await Problems.Guard(async () =>
        {
            var spec = WalletOperations.Of(kind, operation.ApplicationAid);
            var ticket = await grains.GetGrain<ISeGrain>(seId).Submit(new OperationRequest(spec, channel, operation.Msisdn));
            var id = ticket.TaskId.ToString();
            return Results.Json(new WalletOperationAccepted { TaskId = id, SessionId = id }, WalletJsonContext.Default.WalletOperationAccepted, statusCode: StatusCodes.Status202Accepted);
        });
    }

    private static Task<IResult> GetTask(string taskId, IGrainFactory grains) =>
        Problems.Guard(async () =>
        {
            var id = Problems.TaskIdOf(taskId);
            var view = await grains.GetGrain<ISeGrain>(id.SeId).GetTask(id);
            return Results.Json(ToStatus(view), WalletJsonContext.Default.WalletTaskStatus);
        });

    private static Task<IResult> Abort(string taskId, IGrainFactory grains) =>
        Problems.Guard(async () =>
        {
            var id = Problems.TaskIdOf(taskId);
            await grains.GetGrain<ISeGrain>(id.SeId).Abort(id);
            return Results.NoContent();
        });

    private static Task<IResult> Queue(string seId, IGrainFactory grains)
    {
        // Checked before it becomes a grain key: Orleans refuses some strings (e.g. white space only) with an exception.
        var problems = new List<string>();
        Problems.CheckHex(seId, "seId", 1, 32, problems);
        if (problems.Count > 0)
            return Task.FromResult(Problems.Invalid(problems));
        return Problems.Guard(async () =>
        {
            var views = await grains.GetGrain<ISeGrain>(seId.ToUpperInvariant()).ListTasks();
            IReadOnlyList<WalletTaskStatus> list = [.. views.Select(ToStatus)];
            return Results.Json(list, WalletJsonContext.Default.IReadOnlyListWalletTaskStatus);
        });
    }

    internal static WalletTaskStatus ToStatus(TaskView view) => new()
    {
        TaskId = view.Id.ToString(),
        SeId = view.SeId,
        Operation = view.Kind switch
        {
            OperationKind.Download => WalletOperation.Download,
            OperationKind.Delete => WalletOperation.Delete,
            OperationKind.Lock => WalletOperation.Lock,
            OperationKind.Unlock => WalletOperation.Unlock,
            OperationKind.Register => WalletOperation.Register,
            _ => WalletOperation.Sync,
        },
        ApplicationAid = view.ApplicationAid,
        State = view.State switch
        {
            TaskState.Queued => WalletTaskState.Queued,
            TaskState.Running => WalletTaskState.Running,
            TaskState.Succeeded => WalletTaskState.Succeeded,
            TaskState.Failed => WalletTaskState.Failed,
            _ => WalletTaskState.Aborted,
        },
        Failure = view.State is TaskState.Failed or TaskState.Aborted ? new WalletTaskFailure { Reason = view.Reason ?? "", StatusWord = view.StatusWord } : null,
    };

    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            // Read with the size cap, then parsed from the bytes (docs/wallet-protocol.md, "Request size").
            var value = JsonSerializer.Deserialize(await RequestBodies.ReadAsync(request), type);
            return value is null ? (null, Problems.Invalid(["The body is empty."])) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Invalid([$"The body is not valid JSON for this request: {JsonErrors.Describe(ex)}."]));
        }
    }
}
