using Tsm.Gateway.Storage;
using Tsm.Grains.Ota;

using Tsm.Gateway.Regions;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Api;

/// <summary>
/// Operation records (who, what, when, SE, MSISDN, application, result) for operators, newest first, filtered by
/// date range, MSISDN, SEID and application. Access control comes with the management issue (requirement 5.9).
/// </summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/admin/v1/operations", Query).WithTags("Operations").RequireAuthorization(Permissions.OperationsRead).WithSummary("Operation records, newest first.")
            .Produces<IReadOnlyList<OperationRecord>>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapGet("/admin/v1/tasks/{taskId}/transcript", Transcript).WithTags("Operations").RequireAuthorization(Permissions.TranscriptsRead)
            .WithSummary("A task's session transcript, when the retention policy kept it: each order and answer as ETSI TS 102 226 expanded scripts (hex).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Task<IResult> Transcript(string taskId, HttpContext context, IGrainFactory grains, [Microsoft.AspNetCore.Mvc.FromServices] SeDirectory directory, RegionStore regions) =>
        Problems.Guard(async () =>
        {
            var id = Problems.TaskIdOf(taskId);
            if (!await ScopedSes.AllowsAsync(context.User, id.SeId, directory, regions, context.RequestAborted))
                throw new RefusedException(RefusalCode.UnknownTask, "No task has this id.");
            await grains.GetGrain<ISeGrain>(id.SeId).GetTask(id);
            var transcript = await grains.GetGrain<ITaskGrain>(id.GrainKey).Transcript();
            return Results.Ok(transcript.Select(e => new { order = e.Order, commandScript = e.CommandScript, responseScript = e.ResponseScript, note = e.Note }));
        });

    private static async Task<IResult> Query(
        HttpContext context,
        OperationRecordStore store,
        RegionStore regions,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? msisdn,
        string? seId,
        string? applicationAid,
        int? limit,
        CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000)
            return Problems.Invalid(["limit must be 1..1000."]);
        if (from is not null && to is not null && from >= to)
            return Problems.Invalid(["from must be before to."]);
        // A regional operator sees the records of numbers homed in its region only (docs/security.md, "Regions").
        var prefixes = await ScopedNumbers.PrefixesAsync(context.User, regions, cancellationToken);
        var records = await store.QueryAsync(from, to, msisdn, seId?.ToUpperInvariant(), applicationAid?.ToUpperInvariant(), take, cancellationToken, prefixes);
        return Results.Ok(records);
    }
}
