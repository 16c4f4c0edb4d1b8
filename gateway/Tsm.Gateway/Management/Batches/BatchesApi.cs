using Tsm.Gateway.Api;
using Tsm.Gateway.Security;
using Tsm.Grains.Keys;
using Tsm.Grains.Management;
using Tsm.Grains.Ota;
using Tsm.Gateway.Idempotency;

namespace Tsm.Gateway.Management.Batches;

/// <summary>
/// SE batches (requirement 5.8.1; docs/management/batches.md): <see cref="Permissions.BatchesManage"/> adds, replaces and
/// deletes them, <see cref="Permissions.BatchesRead"/> reads them. Bad input is a 400 naming the field; an overlap, a
/// batch with registered SEs in the way, or an existing id a 409; a master key the key service lacks a 422.
/// </summary>
public static class BatchesApi
{
    public const string Path = "/admin/v1/batches";

    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var batches = app.MapGroup(Path).WithTags("SE batches");
        batches.MapGet("", List).RequireAuthorization(Permissions.BatchesRead).WithSummary("Every SE batch, by id.");
        batches.MapGet("/{id}", Get).RequireAuthorization(Permissions.BatchesRead).WithSummary("One SE batch.");
        batches.MapPost("", Add).RequireAuthorization(Permissions.BatchesManage).Idempotent().AuditedAs("batches.add")
            .WithSummary("Add an SE batch: SEID range (overlapping no other batch), master key references, versions, space, presets.");
        batches.MapPut("/{id}", Replace).RequireAuthorization(Permissions.BatchesManage).AuditedAs("batches.replace")
            .WithSummary("Replace an SE batch; a new range must keep every registered SE of the batch.");
        batches.MapDelete("/{id}", Delete).RequireAuthorization(Permissions.BatchesManage).AuditedAs("batches.delete")
            .WithSummary("Delete an SE batch that has no registered SE.");
        return app;
    }

    private static async Task<IResult> List(BatchStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<BatchView>>([.. (await store.ListAsync(cancellationToken)).Select(BatchView.Of)]);

    private static Task<IResult> Get(string id, BatchStore store, CancellationToken cancellationToken) => Problems.Guard(async () =>
        await store.GetAsync(id, cancellationToken) is { } record
            ? TypedResults.Ok(BatchView.Of(record))
            : throw new RefusedException(RefusalCode.UnknownBatch, $"No SE batch has id '{Problems.Echo(id)}'."));

    private static Task<IResult> Add(BatchBody? body, BatchStore store, IKeyService keys, AuditNote note, HttpContext http,
        ILogger<BatchStore> logger, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        if (body is null)
            return Problems.Invalid(["body: an SE batch, at least {\"id\", \"seIdFrom\", \"seIdTo\", \"masterKeyRef\"}."]);
        note.Target = body.Id;
        if (Definition(body, body.Id ?? "", keys, out var problems) is not { } definition)
            return Problems.Invalid(problems);
        var record = await store.AddAsync(definition, Actor(http), cancellationToken);
        note.After = Summary(record);
        BatchesLog.Changed(logger, "added", record.Id, Actor(http));
        return TypedResults.Created($"{Path}/{record.Id}", BatchView.Of(record));
    });

    private static Task<IResult> Replace(string id, BatchBody? body, BatchStore store, IKeyService keys, AuditNote note, HttpContext http,
        ILogger<BatchStore> logger, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        note.Target = id;
        if (body is null)
            return Problems.Invalid(["body: the SE batch's new definition."]);
        if (body.Id is not null && !body.Id.Equals(id, StringComparison.OrdinalIgnoreCase))
            return Problems.Invalid(["id: the body's id differs from the path's; a batch's id cannot change."]);
        if (Definition(body, id, keys, out var problems) is not { } definition)
            return Problems.Invalid(problems);
        note.Before = Summary(await store.GetAsync(id, cancellationToken));
        var record = await store.ReplaceAsync(definition, Actor(http), cancellationToken);
        note.After = Summary(record);
        BatchesLog.Changed(logger, "replaced", record.Id, Actor(http));
        return TypedResults.Ok(BatchView.Of(record));
    });

    private static Task<IResult> Delete(string id, BatchStore store, AuditNote note, HttpContext http,
        ILogger<BatchStore> logger, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        note.Target = id;
        var record = await store.DeleteAsync(id, cancellationToken);
        note.Before = Summary(record);
        BatchesLog.Changed(logger, "deleted", record.Id, Actor(http));
        return TypedResults.NoContent();
    });

    /// <summary>The checked definition, or null with the problems; refuses a master key the key service says it lacks.</summary>
    private static BatchDefinition? Definition(BatchBody body, string id, IKeyService keys, out List<string> problems)
    {
        problems = [];
        var definition = body.ToDefinition(id, problems);
        problems.AddRange(BatchRules.Check(definition));
        if (problems.Count > 0)
            return null;
        foreach (var reference in definition.Batch.MasterKeyRefs.Values.Prepend(definition.Batch.MasterKeyRef))
        {
            if (keys.HasMasterKey(reference) == false)
                throw new RefusedException(RefusalCode.UnknownMasterKey,
                    $"The key service holds no master key '{Problems.Echo(reference)}': import it first (POST /admin/v1/keys/import), then name it here.");
        }
        return definition;
    }

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static string? Summary(BatchRecord? record)
    {
        if (record is null)
            return null;
        var b = record.Definition.Batch;
        return $"{b.Id} {b.SeIdFrom}–{b.SeIdTo} key={b.MasterKeyRef}/{b.KeyVersion:X2} chip={b.Chip} cms2ac={b.Cms2acVersion} jc={b.JavaCardVersion} "
            + $"apps={record.Definition.PresetApplications.Count} sds={record.Definition.PresetSecurityDomains.Count}";
    }
}
