using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Security;
using Tsm.Gateway.Security.Wallets;
using Tsm.Gateway.Sms.Codes;
using Tsm.Grains.Ota;
using Tsm.Protocol;
using Tsm.Protocol.Wallet;
using Tsm.Gateway.Idempotency;

namespace Tsm.Gateway.Api;

/// <summary>The wallet client's API (docs/wallet-protocol.md): login and registration, operations, task status.</summary>
public static class WalletApi
{
    public static IEndpointRouteBuilder MapWalletApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/wallet/v1").WithTags("Wallet");
        // Rate limits (docs/security.md, "Rate limits"): per client by policy, per number and per SE in the handlers.
        group.MapPost("/registration-codes", SendCode).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Codes)
            .WithSummary("Send a registration code to the number by SMS: it proves the number when the SE is bound to it (requirement 5.5.2).")
            .Accepts<WalletCodeRequest>("application/json").Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Login)
            .WithSummary("Log in with the SE's token; binding the SE to a number needs its registration code (requirement 5.5.2). Answers the wallet access token.")
            .Accepts<WalletLoginRequest>("application/json").Produces<WalletLoginResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/token", Refresh).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Login)
            .WithSummary("Exchange a refresh token (once) for a new access token and refresh token.")
            .Accepts<WalletRefreshRequest>("application/json").Produces<WalletTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        var wallet = group.MapGroup("").RequireAuthorization(Policies.Wallet);
        wallet.MapPost("/operations", Submit).IdempotentByDomain().WithSummary("Download, delete, lock or sync an application on the token's SE (requirement 5.8.4).")
            .Accepts<WalletOperationRequest>("application/json").Produces<WalletOperationAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        wallet.MapGet("/tasks/{taskId}", GetTask).WithSummary("A task of the token's SE: its state and failure reason.")
            .Produces<WalletTaskStatus>().ProducesProblem(StatusCodes.Status404NotFound);
        wallet.MapPost("/tasks/{taskId}/session", OpenSession)
            .WithSummary("A SERAM session for a task of the token's SE (e.g. one a business hall or a provider queued).")
            .Produces<WalletOperationAccepted>().ProducesProblem(StatusCodes.Status404NotFound);
        wallet.MapDelete("/tasks/{taskId}", Abort).WithSummary("Abort a waiting or running task of the token's SE (requirement 5.8.8).")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        wallet.MapGet("/ses/{seId}/tasks", Queue).WithSummary("The running task and the queue of the token's SE (requirement 5.8.8).")
            .Produces<IReadOnlyList<WalletTaskStatus>>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> SendCode(HttpRequest request, IGrainFactory grains, IRegistrationCodeSender sender, TargetRateLimiter targets)
    {
        var body = await ReadAsync(request, WalletJsonContext.Default.WalletCodeRequest);
        if (body.Problem is not null)
            return body.Problem;
        var problems = WalletValidation.Validate(body.Value!);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var seId = body.Value!.SeId.ToUpperInvariant();
        var msisdn = body.Value.Msisdn;
        if (targets.Acquire(request.HttpContext, RateLimitPolicies.Codes, msisdn) is { } tooMany)
            return tooMany;
        return await Problems.Guard(async () =>
        {
            var code = await grains.GetGrain<ISeGrain>(seId).IssueRegistrationCode(msisdn);
            var delivery = await sender.SendAsync(msisdn, RegistrationCodeText.Of(code), request.HttpContext.RequestAborted);
            return delivery.Outcome == RegistrationCodeOutcome.Sent
                ? Results.Accepted()
                : Results.Problem(title: "No SMS channel",
                    detail: delivery.Outcome == RegistrationCodeOutcome.NoChannel
                        ? "The platform has no SMS link to send the code."
                        : "No SMS centre took the code just now; try again later.",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
        });
    }

    private static async Task<IResult> Login(
        HttpRequest request, IGrainFactory grains, WalletTokens tokens, SeramSessions sessions, IOptions<WalletAccessOptions> access, TargetRateLimiter targets)
    {
        var body = await ReadAsync(request, WalletJsonContext.Default.WalletLoginRequest);
        if (body.Problem is not null)
            return body.Problem;
        var login = body.Value!;
        var problems = WalletValidation.Validate(login);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        var seId = login.SeId.ToUpperInvariant();
        if (targets.Acquire(request.HttpContext, RateLimitPolicies.Login, seId) is { } tooMany)
            return tooMany;
        var asserted = NetworkGateway.Asserts(request.HttpContext, access.Value, login.Msisdn);
        return await Problems.Guard(async () =>
        {
            var outcome = await grains.GetGrain<ISeGrain>(seId).Login(new LoginCommand(login.Msisdn, login.Imsi, login.Token, login.Code, asserted));
            var wallet = new WalletIdentity(seId, login.Msisdn, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), outcome.AccessGeneration);
            // A query-only login gets no token, unless the platform has work for the SE (a lost SE's locks).
            var pair = outcome.QueryOnly && outcome.SessionId is null ? null : tokens.Issue(wallet);
            var response = new WalletLoginResponse
            {
                SeId = seId,
                Msisdn = login.Msisdn,
                Registered = outcome.Registered,
                QueryOnly = outcome.QueryOnly,
                SessionId = outcome.SessionId is { } task && pair is not null && TaskId.TryParse(task, out var id) ? sessions.Issue(id, wallet.Login) : null,
                TaskId = pair is null ? null : outcome.SessionId,
                Applications = new WalletApplications
                {
                    Download = outcome.Applications.Download,
                    Delete = outcome.Applications.Delete,
                    Lock = outcome.Applications.Lock,
                    Unlock = outcome.Applications.Unlock,
                },
                AccessToken = pair?.AccessToken,
                ExpiresIn = pair?.ExpiresIn,
                RefreshToken = pair?.RefreshToken,
            };
            return Results.Json(response, WalletJsonContext.Default.WalletLoginResponse);
        });
    }

    private static async Task<IResult> Refresh(HttpRequest request, IGrainFactory grains, WalletTokens tokens)
    {
        var body = await ReadAsync(request, WalletJsonContext.Default.WalletRefreshRequest);
        if (body.Problem is not null)
            return body.Problem;
        var presented = body.Value!.RefreshToken;
        if (string.IsNullOrEmpty(presented) || presented.Length > 4096 || tokens.ReadRefresh(presented) is not { } wallet)
            return Problems.Refused(new Refusal(RefusalCode.WalletAccessRevoked, "The refresh token is not valid: log in again."));
        return await Problems.Guard(async () =>
        {
            var generation = await grains.GetGrain<ISeGrain>(wallet.SeId).RenewWalletAccess(wallet.Msisdn, wallet.Generation);
            var pair = tokens.Issue(wallet with { Generation = generation });
            return Results.Json(new WalletTokenResponse { AccessToken = pair.AccessToken, ExpiresIn = pair.ExpiresIn, RefreshToken = pair.RefreshToken },
                WalletJsonContext.Default.WalletTokenResponse);
        });
    }

    private static async Task<IResult> Submit(HttpRequest request, IGrainFactory grains, SeramSessions sessions)
    {
        var wallet = WalletIdentity.Of(request.HttpContext.User)!;
        var body = await ReadAsync(request, WalletJsonContext.Default.WalletOperationRequest);
        if (body.Problem is not null)
            return body.Problem;
        var operation = body.Value!;
        var problems = WalletValidation.Validate(operation);
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        if (operation.SeId is { } named && !named.Equals(wallet.SeId, StringComparison.OrdinalIgnoreCase)
            || operation.Msisdn is { } number && number != wallet.Msisdn)
            return Problems.Refused(new Refusal(RefusalCode.NotRegisteredToCaller, "The access token is for another SE or number."));
        // The channel is never what a client claims: a business hall acts through its staff account (docs/security.md, "Wallets").
        if (operation.Channel == WalletChannel.BusinessHall)
            return Problems.Refused(new Refusal(RefusalCode.BusinessHallOnly, "Business-hall operations are made by business-hall staff at /admin/v1/business-hall/operations."));
        var kind = operation.Operation switch
        {
            WalletOperation.Download => OperationKind.Download,
            WalletOperation.Delete => OperationKind.Delete,
            WalletOperation.Lock => OperationKind.Lock,
            WalletOperation.Unlock => OperationKind.Unlock,
            WalletOperation.Sync => OperationKind.Sync,
            _ => throw new InvalidOperationException($"WalletValidation lets no {operation.Operation} request through."),
        };
        return await Problems.Guard(async () =>
        {
            var spec = WalletOperations.Of(kind, operation.ApplicationAid);
            var ticket = await grains.GetGrain<ISeGrain>(wallet.SeId).Submit(new OperationRequest(spec, TaskChannel.Wallet, wallet.Msisdn, RequestKey: request.HttpContext.IdempotencyKey()));
            return Results.Json(new WalletOperationAccepted { TaskId = ticket.TaskId.ToString(), SessionId = sessions.Issue(ticket.TaskId, wallet.Login) },
                WalletJsonContext.Default.WalletOperationAccepted, statusCode: StatusCodes.Status202Accepted);
        });
    }

    private static Task<IResult> GetTask(string taskId, HttpContext context, IGrainFactory grains) =>
        Problems.Guard(async () =>
        {
            var id = OwnTask(context, taskId);
            var view = await grains.GetGrain<ISeGrain>(id.SeId).GetTask(id);
            return Results.Json(ToStatus(view), WalletJsonContext.Default.WalletTaskStatus);
        });

    private static Task<IResult> OpenSession(string taskId, HttpContext context, IGrainFactory grains, SeramSessions sessions) =>
        Problems.Guard(async () =>
        {
            var id = OwnTask(context, taskId);
            await grains.GetGrain<ISeGrain>(id.SeId).GetTask(id);
            return Results.Json(new WalletOperationAccepted { TaskId = id.ToString(), SessionId = sessions.Issue(id, WalletIdentity.Of(context.User)!.Login) },
                WalletJsonContext.Default.WalletOperationAccepted);
        });

    private static Task<IResult> Abort(string taskId, HttpContext context, IGrainFactory grains) =>
        Problems.Guard(async () =>
        {
            var id = OwnTask(context, taskId);
            await grains.GetGrain<ISeGrain>(id.SeId).Abort(id);
            return Results.NoContent();
        });

    private static Task<IResult> Queue(string seId, HttpContext context, IGrainFactory grains) =>
        Problems.Guard(async () =>
        {
            var wallet = WalletIdentity.Of(context.User)!;
            if (!seId.Equals(wallet.SeId, StringComparison.OrdinalIgnoreCase))
                throw new RefusedException(RefusalCode.UnknownSe, "The access token is for another SE.");
            var views = await grains.GetGrain<ISeGrain>(wallet.SeId).ListTasks();
            IReadOnlyList<WalletTaskStatus> list = [.. views.Select(ToStatus)];
            return Results.Json(list, WalletJsonContext.Default.IReadOnlyListWalletTaskStatus);
        });

    /// <summary>A task id of the token's own SE; any other is unknown to this wallet (a 404, not a hint that it exists).</summary>
    private static TaskId OwnTask(HttpContext context, string taskId)
    {
        var id = Problems.TaskIdOf(taskId);
        return id.SeId.Equals(WalletIdentity.Of(context.User)!.SeId, StringComparison.OrdinalIgnoreCase)
            ? id
            : throw new RefusedException(RefusalCode.UnknownTask, "No such task on this wallet's SE.");
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
