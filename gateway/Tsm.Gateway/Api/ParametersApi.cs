using Microsoft.AspNetCore.Http.HttpResults;
using Tsm.Gateway.Parameters;
using Tsm.Gateway.Security;

namespace Tsm.Gateway.Api;

/// <summary>
/// System parameters (requirement 5.7.3.4; docs/parameters.md): reading them and their history takes
/// <see cref="Permissions.ParametersRead"/>, changing them <see cref="Permissions.ParametersManage"/>. An unknown
/// name or an invalid value is a 400 naming the problem; reading an unknown name is a 404.
/// </summary>
public static class ParametersApi
{
    public const string BasePath = "/admin/v1/parameters";

    /// <summary>The most history entries one request returns.</summary>
    public const int MaxHistory = 1000;

    public static IEndpointRouteBuilder MapParametersApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(BasePath).WithTags("Parameters");
        group.MapGet("", List).RequireAuthorization(Permissions.ParametersRead)
            .WithSummary("Every known parameter with its value in effect and whether a stored value overrides the files.");
        group.MapGet("/{name}", Get).RequireAuthorization(Permissions.ParametersRead)
            .WithSummary("One parameter (its name is its configuration key, e.g. Wallet:TokenValidityDays).");
        group.MapPut("/{name}", Set).RequireAuthorization(Permissions.ParametersManage).AuditedAs("parameters.set")
            .WithSummary("Store a parameter's value: {\"value\": ...}. It applies on this silo at once, on the others within their refresh interval.");
        group.MapDelete("/{name}", Delete).RequireAuthorization(Permissions.ParametersManage).AuditedAs("parameters.delete")
            .WithSummary("Delete a parameter's stored value: the configuration files' value applies again.");
        group.MapGet("/{name}/history", History).RequireAuthorization(Permissions.ParametersRead)
            .WithSummary("A parameter's changes, newest first (?limit=, default 100).");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ParameterView>>> List(SystemParameters parameters, CancellationToken cancellationToken) =>
        TypedResults.Ok(await parameters.ListAsync(cancellationToken));

    private static async Task<Results<Ok<ParameterView>, ProblemHttpResult>> Get(string name, SystemParameters parameters, CancellationToken cancellationToken) =>
        await parameters.GetAsync(name, cancellationToken) is { } view ? TypedResults.Ok(view) : Unknown(name);

    private static async Task<Results<Ok<ParameterView>, ValidationProblem, ProblemHttpResult>> Set(
        string name, ParameterValueBody? body, SystemParameters parameters, AuditNote note, HttpContext http, CancellationToken cancellationToken)
    {
        if (body?.Text is not { } value)
            return Invalid("value", "the body is {\"value\": ...}, a string, number or boolean.");
        return Answer(await parameters.SetAsync(name, value, Actor(http), cancellationToken), name, note);
    }

    private static async Task<Results<Ok<ParameterView>, ValidationProblem, ProblemHttpResult>> Delete(
        string name, SystemParameters parameters, AuditNote note, HttpContext http, CancellationToken cancellationToken) =>
        Answer(await parameters.DeleteAsync(name, Actor(http), cancellationToken), name, note);

    private static async Task<Results<Ok<IReadOnlyList<ParameterHistoryEntry>>, ValidationProblem, ProblemHttpResult>> History(
        string name, int? limit, SystemParameters parameters, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > MaxHistory)
            return Invalid("limit", $"1..{MaxHistory}.");
        return await parameters.HistoryAsync(name, take, cancellationToken) is { } history ? TypedResults.Ok(history) : Unknown(name);
    }

    /// <summary>
    /// The one table from a change's outcome to its status; the audit entry gets the parameter and its stored values
    /// before and after (parameters hold no secrets).
    /// </summary>
    private static Results<Ok<ParameterView>, ValidationProblem, ProblemHttpResult> Answer(ParameterResult result, string name, AuditNote note)
    {
        note.Target = result.Parameter?.Name ?? name;
        (note.Before, note.After) = (result.Change?.OldValue, result.Change?.NewValue);
        return Answer(result);
    }

    private static Results<Ok<ParameterView>, ValidationProblem, ProblemHttpResult> Answer(ParameterResult result) => result.Outcome switch
    {
        ParameterOutcome.Changed or ParameterOutcome.Unchanged => TypedResults.Ok(result.Parameter!),
        ParameterOutcome.UnknownName => Invalid("name", result.Problem!),
        ParameterOutcome.InvalidValue => Invalid("value", result.Problem!),
        ParameterOutcome.NotOverridden => TypedResults.Problem(title: "Parameter not overridden", detail: result.Problem, statusCode: StatusCodes.Status404NotFound),
        _ => TypedResults.Problem(title: "Refused", detail: result.Outcome.ToString(), statusCode: StatusCodes.Status409Conflict),
    };

    private static ProblemHttpResult Unknown(string name) =>
        TypedResults.Problem(title: "Unknown parameter", detail: $"{name} is not a known parameter; GET {BasePath} lists them.", statusCode: StatusCodes.Status404NotFound);

    private static ValidationProblem Invalid(string field, string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] }, title: "Invalid request", detail: $"{field}: {problem}");

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";
}
