using Microsoft.AspNetCore.Http.HttpResults;
using Tsm.Gateway.Regions;
using Tsm.Gateway.Security;
using Tsm.Gateway.Idempotency;

namespace Tsm.Gateway.Api;

/// <summary>
/// Regions and number segments (docs/security.md, "Regions"): any signed-in operator reads them; changing them takes
/// <see cref="Permissions.RegionsManage"/>. Bad input is a 400 naming the field, an unknown code or prefix a 404, a
/// refused change (a missing parent, children or segments left) a 409.
/// </summary>
public static class RegionsApi
{
    public const string RegionsPath = "/admin/v1/regions";

    public const string SegmentsPath = "/admin/v1/number-segments";

    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var regions = app.MapGroup(RegionsPath).WithTags("Regions");
        regions.MapGet("", List).RequireAuthorization(Policies.Account)
            .WithSummary("Every region by code, or those directly below ?parent=.");
        regions.MapGet("/tree", Tree).RequireAuthorization(Policies.Account)
            .WithSummary("The regions as a tree: provinces, their cities, their counties.");
        regions.MapGet("/{code}", Get).RequireAuthorization(Policies.Account)
            .WithSummary("One region.");
        regions.MapPost("", Add).RequireAuthorization(Permissions.RegionsManage).Idempotent().AuditedAs("regions.add")
            .WithSummary("Add a region under its parent (GB/T 2260 code and name).");
        regions.MapPut("/{code}", Rename).RequireAuthorization(Permissions.RegionsManage).AuditedAs("regions.rename")
            .WithSummary("Rename a region.");
        regions.MapDelete("/{code}", Delete).RequireAuthorization(Permissions.RegionsManage).AuditedAs("regions.delete")
            .WithSummary("Delete a region that has no regions below it and no number segments.");

        var segments = app.MapGroup(SegmentsPath).WithTags("Regions");
        segments.MapGet("", ListSegments).RequireAuthorization(Policies.Account)
            .WithSummary("Every number segment, or with ?msisdn= the number's home region (longest matching segment).");
        segments.MapGet("/{prefix}", GetSegment).RequireAuthorization(Policies.Account)
            .WithSummary("One number segment.");
        segments.MapPost("", AddSegment).RequireAuthorization(Permissions.RegionsManage).Idempotent().AuditedAs("number-segments.add")
            .WithSummary("Add a number segment (3 to 11 digits) of an existing region.");
        segments.MapPut("/{prefix}", MoveSegment).RequireAuthorization(Permissions.RegionsManage).AuditedAs("number-segments.move")
            .WithSummary("Move a number segment to another region.");
        segments.MapDelete("/{prefix}", DeleteSegment).RequireAuthorization(Permissions.RegionsManage).AuditedAs("number-segments.delete")
            .WithSummary("Delete a number segment.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<Region>>, ValidationProblem>> List(string? parent, RegionStore store, CancellationToken cancellationToken)
    {
        RegionCode? parentCode = null;
        if (parent is not null && !RegionCode.TryParse(parent, out parentCode, out var error))
            return Invalid("parent", error);
        return TypedResults.Ok(await store.ListAsync(parentCode, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<RegionTreeNode>>> Tree(RegionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(RegionTreeNode.Build([.. await store.ListAsync(cancellationToken: cancellationToken)]));

    private static async Task<Results<Ok<Region>, ValidationProblem, ProblemHttpResult>> Get(string code, RegionStore store, CancellationToken cancellationToken)
    {
        if (!RegionCode.TryParse(code, out var parsed, out var error))
            return Invalid("code", error);
        return await store.GetAsync(parsed, cancellationToken) is { } region ? TypedResults.Ok(region) : UnknownRegion(parsed);
    }

    private static async Task<Results<Created<Region>, ValidationProblem, ProblemHttpResult>> Add(
        RegionRequest? request, RegionStore store, AuditNote note, HttpContext http, ILogger<RegionStore> logger, CancellationToken cancellationToken)
    {
        if (request is null)
            return Invalid("body", "a region: {\"code\": \"440106\", \"name\": \"天河区\"}.");
        var errors = new Dictionary<string, string[]>();
        if (!RegionCode.TryParse(request.Code, out var code, out var codeError))
            errors["code"] = [codeError];
        if (Region.CheckName(request.Name) is { } nameError)
            errors["name"] = [nameError];
        if (errors.Count > 0 || code is null)
            return Invalid(errors);
        var region = new Region(code, request.Name!.Trim());
        note.Target = code.Value;
        var change = await store.AddAsync(region, cancellationToken);
        if (change != RegionChange.Done)
            return Refused(change, code);
        RegionsLog.Changed(logger, "Add", code.Value, Actor(http));
        note.After = Summary(region);
        return TypedResults.Created($"{RegionsPath}/{code.Value}", region);
    }

    private static async Task<Results<Ok<Region>, ValidationProblem, ProblemHttpResult>> Rename(
        string code, RegionRename? request, RegionStore store, AuditNote note, HttpContext http, ILogger<RegionStore> logger, CancellationToken cancellationToken)
    {
        if (!RegionCode.TryParse(code, out var parsed, out var error))
            return Invalid("code", error);
        if (request is null)
            return Invalid("body", "the new name: {\"name\": \"天河区\"}.");
        if (Region.CheckName(request.Name) is { } nameError)
            return Invalid("name", nameError);
        note.Before = Summary(await store.GetAsync(parsed, cancellationToken));
        var change = await store.RenameAsync(parsed, request.Name!, cancellationToken);
        if (change != RegionChange.Done)
            return Refused(change, parsed);
        var region = new Region(parsed, request.Name!.Trim());
        RegionsLog.Changed(logger, "Rename", parsed.Value, Actor(http));
        note.After = Summary(region);
        return TypedResults.Ok(region);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        string code, RegionStore store, AuditNote note, HttpContext http, ILogger<RegionStore> logger, CancellationToken cancellationToken)
    {
        if (!RegionCode.TryParse(code, out var parsed, out var error))
            return Invalid("code", error);
        note.Before = Summary(await store.GetAsync(parsed, cancellationToken));
        var change = await store.DeleteAsync(parsed, cancellationToken);
        if (change != RegionChange.Done)
            return Refused(change, parsed);
        RegionsLog.Changed(logger, "Delete", parsed.Value, Actor(http));
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<IReadOnlyList<NumberSegment>>, Ok<NumberSegmentMatch>, ValidationProblem, ProblemHttpResult>> ListSegments(
        string? msisdn, RegionStore store, CancellationToken cancellationToken)
    {
        if (msisdn is null)
            return TypedResults.Ok(await store.ListSegmentsAsync(cancellationToken));
        var digits = msisdn.StartsWith('+') ? msisdn[1..] : msisdn;
        if (digits.Length is < 5 or > 21 || !digits.All(char.IsAsciiDigit))
            return Invalid("msisdn", "5 to 21 digits, optionally after a +.");
        var snapshot = await store.SnapshotAsync(cancellationToken);
        if (snapshot.SegmentOf(msisdn) is not { } segment)
            return TypedResults.Problem(title: "No home region", detail: $"No number segment matches {msisdn}.", statusCode: StatusCodes.Status404NotFound);
        return TypedResults.Ok(new NumberSegmentMatch(msisdn, segment.Prefix, segment.Region, snapshot.Regions.GetValueOrDefault(segment.Region)?.Name));
    }

    private static async Task<Results<Ok<NumberSegment>, ValidationProblem, ProblemHttpResult>> GetSegment(string prefix, RegionStore store, CancellationToken cancellationToken)
    {
        if (NumberSegment.CheckPrefix(prefix) is { } error)
            return Invalid("prefix", error);
        return await store.GetSegmentAsync(prefix, cancellationToken) is { } segment ? TypedResults.Ok(segment) : UnknownSegment(prefix);
    }

    private static async Task<Results<Created<NumberSegment>, ValidationProblem, ProblemHttpResult>> AddSegment(
        NumberSegmentRequest? request, RegionStore store, AuditNote note, HttpContext http, ILogger<RegionStore> logger, CancellationToken cancellationToken)
    {
        if (request is null)
            return Invalid("body", "a number segment: {\"prefix\": \"1380013\", \"region\": \"440106\"}.");
        var errors = new Dictionary<string, string[]>();
        if (NumberSegment.CheckPrefix(request.Prefix) is { } prefixError)
            errors["prefix"] = [prefixError];
        if (!RegionCode.TryParse(request.Region, out var region, out var regionError))
            errors["region"] = [regionError];
        if (errors.Count > 0 || region is null)
            return Invalid(errors);
        var segment = new NumberSegment(request.Prefix!, region);
        note.Target = segment.Prefix;
        var change = await store.AddSegmentAsync(segment, cancellationToken);
        if (change != RegionChange.Done)
            return Refused(change, segment.Prefix, region);
        RegionsLog.Changed(logger, "Add", segment.Prefix, Actor(http));
        note.After = Summary(segment);
        return TypedResults.Created($"{SegmentsPath}/{segment.Prefix}", segment);
    }

    private static async Task<Results<Ok<NumberSegment>, ValidationProblem, ProblemHttpResult>> MoveSegment(
        string prefix, NumberSegmentRequest? request, RegionStore store, AuditNote note, HttpContext http, ILogger<RegionStore> logger, CancellationToken cancellationToken)
    {
        if (NumberSegment.CheckPrefix(prefix) is { } prefixError)
            return Invalid("prefix", prefixError);
        if (request is null)
            return Invalid("body", "the segment's new region: {\"region\": \"440106\"}.");
        if (request.Prefix is not null && request.Prefix != prefix)
            return Invalid("prefix", "the body's prefix differs from the path's; a segment's prefix cannot change (delete it and add another).");
        if (!RegionCode.TryParse(request.Region, out var region, out var regionError))
            return Invalid("region", regionError);
        var segment = new NumberSegment(prefix, region);
        note.Before = Summary(await store.GetSegmentAsync(prefix, cancellationToken));
        var change = await store.MoveSegmentAsync(segment, cancellationToken);
        if (change != RegionChange.Done)
            return Refused(change, prefix, region);
        RegionsLog.Changed(logger, "Move", prefix, Actor(http));
        note.After = Summary(segment);
        return TypedResults.Ok(segment);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteSegment(
        string prefix, RegionStore store, AuditNote note, HttpContext http, ILogger<RegionStore> logger, CancellationToken cancellationToken)
    {
        if (NumberSegment.CheckPrefix(prefix) is { } error)
            return Invalid("prefix", error);
        note.Before = Summary(await store.GetSegmentAsync(prefix, cancellationToken));
        var change = await store.DeleteSegmentAsync(prefix, cancellationToken);
        if (change != RegionChange.Done)
            return Refused(change, prefix, null);
        RegionsLog.Changed(logger, "Delete", prefix, Actor(http));
        return TypedResults.NoContent();
    }

    /// <summary>The one table from a refused change of a region to its status.</summary>
    private static ProblemHttpResult Refused(RegionChange change, RegionCode code) => change switch
    {
        RegionChange.NotFound => UnknownRegion(code),
        RegionChange.AlreadyExists => Conflict("Region exists", $"Region {code} is already there."),
        RegionChange.ParentMissing => Conflict("Parent region missing", $"Region {code.Parent} must exist before {code}: add it first."),
        RegionChange.HasChildren => Conflict("Region has children", $"Region {code} still has regions below it: delete them first."),
        RegionChange.HasSegments => Conflict("Region has number segments", $"Region {code} still has number segments: delete or move them first."),
        _ => Conflict("Refused", change.ToString()),
    };

    /// <summary>The one table from a refused change of a number segment to its status.</summary>
    private static ProblemHttpResult Refused(RegionChange change, string prefix, RegionCode? region) => change switch
    {
        RegionChange.NotFound => UnknownSegment(prefix),
        RegionChange.AlreadyExists => Conflict("Number segment exists", $"Number segment {prefix} is already there."),
        RegionChange.RegionMissing => Conflict("Region missing", $"region: no region has code {region}; add it first."),
        _ => Conflict("Refused", change.ToString()),
    };

    private static ProblemHttpResult UnknownRegion(RegionCode code) =>
        TypedResults.Problem(title: "Unknown region", detail: $"No region has code {code}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult UnknownSegment(string prefix) =>
        TypedResults.Problem(title: "Unknown number segment", detail: $"No number segment has prefix {prefix}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);

    private static ValidationProblem Invalid(string field, string problem) => Invalid(new Dictionary<string, string[]> { [field] = [problem] });

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Invalid request",
            detail: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static string? Summary(Region? region) => region is null ? null : $"{region.Code} {region.Name}";

    private static string? Summary(NumberSegment? segment) => segment is null ? null : $"{segment.Prefix} → {segment.Region}";
}
