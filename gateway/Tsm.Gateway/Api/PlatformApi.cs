using Tsm.Gateway.ServiceProviders;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota;
using Tsm.Protocol;

using Tsm.Gateway.Security;
using Tsm.Gateway.Idempotency;
using Tsm.Gateway.Regions;
using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Api;

/// <summary>An operation the operator orders on one SE (POST /admin/v1/ses/{seId}/operations).</summary>
public sealed record PlatformOperationRequest(string Operation, string? ApplicationAid, string? SecurityDomainAid, bool Cascade = false);


/// <summary>
/// The operator's own operations (channel "platform"): its SDs (create with generated keys, key update, delete with
/// a cascade), ISD key rotation per SE or across an SE batch (requirement 5.8.9.3), info sync. Access control for the admin
/// routes comes with the management issue (requirement 5.9).
/// </summary>
public static class PlatformApi
{
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/admin/v1").WithTags("Platform");
        group.MapPost("/ses/{seId}/operations", Submit).RequireAuthorization(Permissions.OperationsSubmit).Idempotent()
            .WithSummary("Queue an operator operation on an SE: create-security-domain, update-security-domain-keys (an SD, or the ISD's rotation), delete-security-domain, sync.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/tasks/{taskId}", GetTask).RequireAuthorization(Permissions.OperationsRead).WithSummary("Any task's state, failure and (application commands) responses.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/batches/{batchId}/key-rotation", RotateBatch).RequireAuthorization(Permissions.KeysRotate).Idempotent()
            .WithSummary("Start queuing an ISD key update to the batch's newest key version on every registered SE of the batch (requirement 5.8.9.3); 202 with the job.")
            .Produces<KeyRotationView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/key-rotations/{jobId}", GetRotation).RequireAuthorization(Permissions.KeysRotate).WithSummary("A batch key rotation job: SEs scanned, updates queued, already up to date, refused.")
            .Produces<KeyRotationView>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/sp-callbacks", ListCallbacks).RequireAuthorization(Permissions.CallbacksManage).WithSummary("Service-provider callbacks by state (pending, delivered, failed), most recently changed first.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/sp-callbacks/{eventId}/retry", RetryCallback).RequireAuthorization(Permissions.CallbacksManage).WithSummary("Send a callback given up on (failed) again, from its first attempt.")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static Task<IResult> Submit(string seId, PlatformOperationRequest? request, HttpContext context, IGrainFactory grains, [Microsoft.AspNetCore.Mvc.FromServices] SeDirectory directory, RegionStore regions)
    {
        var problems = new List<string>();
        if (request is null)
            return Task.FromResult(Problems.Invalid(["The body must be an operation."]));
        Problems.CheckHex(seId, "seId", 1, 16, problems);
        OperationKind? kind = request.Operation switch
        {
            "create-security-domain" => OperationKind.CreateSecurityDomain,
            "update-security-domain-keys" => OperationKind.UpdateSecurityDomainKeys,
            "delete-security-domain" => OperationKind.DeleteSecurityDomain,
            "sync" => OperationKind.Sync,
            _ => null,
        };
        if (kind is null)
            problems.Add("operation: create-security-domain, update-security-domain-keys, delete-security-domain or sync.");
        if (kind is OperationKind.CreateSecurityDomain or OperationKind.DeleteSecurityDomain && string.IsNullOrEmpty(request.SecurityDomainAid))
            problems.Add("securityDomainAid: required.");
        if (request.SecurityDomainAid is { } sd)
            Problems.CheckHex(sd, "securityDomainAid", 5, 16, problems);
        if (problems.Count > 0)
            return Task.FromResult(Problems.Invalid(problems));
        var se = seId.ToUpperInvariant();
        return Problems.Guard(async () =>
        {
            if (!await ScopedSes.AllowsAsync(context.User, se, directory, regions, context.RequestAborted))
                return Problems.OutsideRegion();
            var sdAid = request.SecurityDomainAid?.ToUpperInvariant();
            OperationSpec operation = kind!.Value switch
            {
                OperationKind.CreateSecurityDomain => new CreateSecurityDomainOperation(sdAid!),
                OperationKind.UpdateSecurityDomainKeys => new UpdateSecurityDomainKeysOperation(sdAid),
                OperationKind.DeleteSecurityDomain => new DeleteSecurityDomainOperation(sdAid!, request.Cascade),
                _ => new SyncOperation(),
            };
            var ticket = await grains.GetGrain<ISeGrain>(se).Submit(OperationRequest.FromPlatform(operation) with { RequestKey = context.IdempotencyKey() });
            var id = ticket.TaskId.ToString();
            return Results.Json(new { taskId = id, sessionId = id }, statusCode: StatusCodes.Status202Accepted);
        });
    }

    private static Task<IResult> GetTask(string taskId, HttpContext context, IGrainFactory grains, [Microsoft.AspNetCore.Mvc.FromServices] SeDirectory directory, RegionStore regions) =>
        Problems.Guard(async () =>
        {
            var id = Problems.TaskIdOf(taskId);
            // A regional operator reaches the tasks of SEs whose number is homed in its region only (docs/security.md, "Regions").
            if (!await ScopedSes.AllowsAsync(context.User, id.SeId, directory, regions, context.RequestAborted))
                throw new RefusedException(RefusalCode.UnknownTask, "No task has this id.");
            var view = await grains.GetGrain<ISeGrain>(id.SeId).GetTask(id);
            return Results.Ok(new
            {
                taskId = view.Id.ToString(),
                seId = view.SeId,
                operation = view.Kind.Name(),
                applicationAid = view.ApplicationAid,
                securityDomainAid = view.SecurityDomainAid,
                state = view.State.ToString().ToLowerInvariant(),
                reason = view.Reason,
                statusWord = view.StatusWord,
                responses = view.Responses,
            });
        });

    /// <summary>
    /// Starts the rotation as a durable job (at millions of SEs it runs for a while, across restarts; docs/ota.md,
    /// "Batch key rotation") and answers where to follow it.
    /// </summary>
    private static async Task<IResult> RotateBatch(string batchId, ICatalogue catalogue, IGrainFactory grains)
    {
        var batch = catalogue.FindBatchById(batchId);
        if (batch is null)
            return Results.Problem(title: "Unknown batch", detail: $"SE batch '{ClientText.Bounded(batchId)}' is not in the catalogue.", statusCode: StatusCodes.Status404NotFound);
        if (batch.TargetKeyVersion == batch.KeyVersion)
            return Results.Problem(title: "Nothing to rotate", detail: "The batch has no master key for a newer ISD key version (MasterKeyRefs).", statusCode: StatusCodes.Status409Conflict);
        return await Problems.Guard(async () =>
        {
            var progress = await grains.GetGrain<IKeyRotationJobGrain>(Guid.NewGuid().ToString("N")).Start(batch.Id);
            return Results.Accepted($"/admin/v1/key-rotations/{progress.JobId}", KeyRotationView.Of(progress));
        });
    }

    private static async Task<IResult> ListCallbacks(string? state, int? limit, SpCallbackStore store, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000 || state is not (null or SpCallbackStates.Pending or SpCallbackStates.Delivered or SpCallbackStates.Failed))
            return Problems.Invalid(["state: pending, delivered or failed; limit: 1..1000."]);
        var callbacks = await store.ListAsync(state, take, cancellationToken);
        return Results.Ok(callbacks.Select(c => new { eventId = c.EventId, platform = c.Platform, state = c.State, attempts = c.Attempts, updatedAt = c.UpdatedAt, detail = c.Detail }));
    }

    private static async Task<IResult> RetryCallback(string eventId, SpCallbackStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.RequeueAsync(eventId, time.GetUtcNow(), cancellationToken))
            return Results.Accepted($"/admin/v1/sp-callbacks?state=pending");
        return await store.GetAsync(eventId, cancellationToken) is null
            ? Results.Problem(title: "Unknown callback", detail: "No callback has this event id.", statusCode: StatusCodes.Status404NotFound)
            : Results.Problem(title: "Callback not failed", detail: "Only a callback given up on is sent again; this one is pending or delivered.", statusCode: StatusCodes.Status409Conflict);
    }

    // Job ids are GUIDs ("N"); anything else names no job, and never becomes a grain key.
    private static async Task<IResult> GetRotation(string jobId, IGrainFactory grains) =>
        Guid.TryParseExact(jobId, "N", out _) && await grains.GetGrain<IKeyRotationJobGrain>(jobId.ToLowerInvariant()).Progress() is { } progress
            ? Results.Ok(KeyRotationView.Of(progress))
            : Results.Problem(title: "Unknown key rotation", detail: "No key rotation job has this id.", statusCode: StatusCodes.Status404NotFound);

}
