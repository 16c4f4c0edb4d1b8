using Tsm.Gateway.Api;
using Tsm.Gateway.Hardening;
using Tsm.Gateway.Security;
using Tsm.Grains.Management;
using Tsm.Gateway.Idempotency;

namespace Tsm.Gateway.Management.Batches;

/// <summary>
/// Test numbers (requirement 5.4.4; docs/management/batches.md): <see cref="Permissions.BatchesManage"/> adds and deletes
/// them; <see cref="Permissions.BatchesRead"/> lists them (testers, who hold applications.test, hold it too).
/// </summary>
public static class TestNumbersApi
{
    public const string Path = "/admin/v1/test-numbers";

    public static IEndpointRouteBuilder MapTestNumbersApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var numbers = app.MapGroup(Path).WithTags("SE batches");
        numbers.MapGet("", List).RequireAuthorization(Permissions.BatchesRead).WithSummary("Every test number, with its note and who added it.");
        numbers.MapPost("", Add).RequireAuthorization(Permissions.BatchesManage).Idempotent().AuditedAs("test-numbers.add")
            .WithSummary("Register an MSISDN as a test number: its SEs may be used to test unpublished applications.");
        numbers.MapDelete("/{msisdn}", Delete).RequireAuthorization(Permissions.BatchesManage).AuditedAs("test-numbers.delete")
            .WithSummary("Remove a test number.");
        return app;
    }

    private static async Task<IResult> List(TestNumberStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static Task<IResult> Add(TestNumberBody? body, TestNumberStore store, AuditNote note, HttpContext http,
        ILogger<TestNumberStore> logger, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        if (body is null)
            return Problems.Invalid(["body: {\"msisdn\": \"13800000001\", \"note\": \"lab phone 3\"}."]);
        var problems = new[] { TestNumberRules.CheckMsisdn(body.Msisdn), TestNumberRules.CheckNote(body.Note) }.OfType<string>().ToList();
        if (problems.Count > 0)
            return Problems.Invalid(problems);
        note.Target = body.Msisdn;
        var number = await store.AddAsync(body.Msisdn!, body.Note?.Trim() ?? "", Actor(http), cancellationToken);
        note.After = "test number added";
        BatchesLog.TestNumberChanged(logger, "added", LogValue.Safe(number.Msisdn), Actor(http));
        return TypedResults.Created($"{Path}/{number.Msisdn}", number);
    });

    private static Task<IResult> Delete(string msisdn, TestNumberStore store, AuditNote note, HttpContext http,
        ILogger<TestNumberStore> logger, CancellationToken cancellationToken) => Problems.Guard(async () =>
    {
        if (TestNumberRules.CheckMsisdn(msisdn) is { } problem)
            return Problems.Invalid([problem]);
        note.Target = msisdn;
        await store.DeleteAsync(msisdn, cancellationToken);
        note.Before = "test number";
        BatchesLog.TestNumberChanged(logger, "deleted", LogValue.Safe(msisdn), Actor(http));
        return TypedResults.NoContent();
    });

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";
}
