using Microsoft.AspNetCore.Http.HttpResults;

namespace Tsm.Gateway.Management.Statistics;

/// <summary>The refusals of the statistics and the providers' queries, as problem details (RFC 7807).</summary>
internal static class StatisticsProblems
{
    /// <summary>A parameter that cannot be read: 400.</summary>
    public static ProblemHttpResult Malformed(string detail) =>
        TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Well-formed parameters that ask for what is not served (a range too long, backwards): 422.</summary>
    public static ProblemHttpResult Unprocessable(string detail) =>
        TypedResults.Problem(title: "Range not served", detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity,
            type: "urn:tsm:problem:range-not-served");

    /// <summary>Data of another provider, or a caller that is no provider's: 403.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    /// <summary>The range of <c>?from=&amp;to=</c>, or the problem to answer.</summary>
    public static StatisticsRange? Range(string? from, string? to, TimeProvider clock, out ProblemHttpResult? problem)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var range = StatisticsRange.Parse(from, to, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), out var malformed, out var refused);
        problem = malformed is not null ? Malformed(malformed) : refused is not null ? Unprocessable(refused) : null;
        return range;
    }

    /// <summary>Null when <paramref name="limit"/> is 1..<see cref="StatisticsStore.MaxLimit"/>, else the problem.</summary>
    public static ProblemHttpResult? Limit(int limit) =>
        limit is < 1 or > StatisticsStore.MaxLimit ? Malformed($"limit: 1 to {StatisticsStore.MaxLimit}.") : null;

    public static bool IsHex(string value, int maxChars) =>
        value.Length is > 0 && value.Length <= maxChars && value.Length % 2 == 0 && value.All(Uri.IsHexDigit);
}
