using Tsm.Grains.Ota;

namespace Tsm.Gateway.Api;

/// <summary>RFC 7807 problem details for every refusal: the request's own checks, and the domain's refusals through <see cref="RefusalProblems"/>.</summary>
internal static class Problems
{
    /// <summary>Adds a problem unless <paramref name="value"/> is <paramref name="minBytes"/> to <paramref name="maxBytes"/> bytes in hex.</summary>
    public static void CheckHex(string value, string name, int minBytes, int maxBytes, List<string> problems)
    {
        if (value.Length % 2 != 0 || value.Length < 2 * minBytes || value.Length > 2 * maxBytes || !value.All(Uri.IsHexDigit))
            problems.Add($"{name}: {minBytes} to {maxBytes} bytes in hex.");
    }

    /// <summary>Client input as a problem detail may quote it: at most 64 characters, control characters dropped.</summary>
    public static string Echo(string? value)
    {
        var clean = new string((value ?? "").Where(c => !char.IsControl(c)).Take(65).ToArray());
        return clean.Length > 64 ? clean[..64] + "…" : clean;
    }

    /// <summary>The most problems one answer lists; a body with thousands of bad fields gets a bounded answer.</summary>
    public const int MaxListed = 10;

    public static IResult Invalid(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var detail = problems.Count <= MaxListed
            ? string.Join(" ", problems)
            : string.Join(" ", problems.Take(MaxListed)) + $" (and {problems.Count - MaxListed} more problems)";
        return Results.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>The problem details of a domain refusal.</summary>
    public static IResult Refused(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var (status, title) = RefusalProblems.Of(refusal.Code);
        // The type names the refusal for programs (e.g. urn:tsm:problem:registration-code-required); the title is for people.
        var type = "urn:tsm:problem:" + title.ToLowerInvariant().Replace(' ', '-');
        return Results.Problem(title: title, detail: refusal.Detail, statusCode: status, type: type);
    }

    /// <summary>Runs a handler that calls the domain, answering its refusals as problem details.</summary>
    public static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (RefusedException ex)
        {
            return Refused(ex.Refusal);
        }
    }

    /// <summary>A task id from the wire (<c>SEID.task</c>), or the refusal of an unknown task.</summary>
    /// <summary>403: the SE or number is outside the caller's region (docs/security.md, "Regions").</summary>
    public static IResult OutsideRegion() =>
        Results.Problem(title: "Outside your region", detail: "The SE's number is not homed in your region.", statusCode: StatusCodes.Status403Forbidden);

    public static TaskId TaskIdOf(string text) =>
        TaskId.TryParse(text, out var id) ? id : throw new RefusedException(RefusalCode.UnknownTask, "A task id has the form SEID.task.");
}
