using System.Text.Json;
using System.Text.RegularExpressions;
using Tsm.Protocol;

namespace Tsm.Gateway.Api;

/// <summary>
/// What a request the framework could not read did wrong, in neutral words: the framework's own messages name .NET
/// parameter types (e.g. <c>Failed to read parameter "PushOrder? order"</c>) and quote client input unbounded; these
/// keep the parameter name and a bounded piece of the value (docs/security.md, "Input handling").
/// </summary>
internal static partial class BadRequestText
{
    public static (string Title, string Detail) Describe(BadHttpRequestException exception, long bodyLimit)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        switch (exception.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return ("Request body too large", $"The body is larger than the limit of {bodyLimit} bytes.");
            case StatusCodes.Status408RequestTimeout:
                return ("Request body too slow", "The body did not arrive in time.");
            case StatusCodes.Status415UnsupportedMediaType:
                return ("Unsupported media type", "The body must be JSON (Content-Type: application/json).");
        }
        if (exception.InnerException is JsonException json)
            return ("Invalid request", $"The body is not valid JSON for this request: {JsonErrors.Describe(json)}.");
        if (BindFailure().Match(message) is { Success: true } bind)
            return ("Invalid request", $"{bind.Groups["name"].Value}: '{ClientText.Bounded(bind.Groups["value"].Value)}' is not a valid value.");
        if (Required().Match(message) is { Success: true } required)
            return ("Invalid request", required.Groups["source"].Value.Contains("body", StringComparison.OrdinalIgnoreCase)
                ? "The body is required."
                : $"{required.Groups["name"].Value}: required.");
        if (message.Contains("body", StringComparison.OrdinalIgnoreCase))
            return ("Invalid request", "The body could not be read as this request's JSON.");
        return ("Bad request", "The request is malformed.");
    }

    // Failed to bind parameter "int? limit" from "abc".
    [GeneratedRegex("""^Failed to bind parameter "[^"]*?(?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex BindFailure();

    // Required parameter "string seId" was not provided from route. / ... from query string. / ... from body.
    [GeneratedRegex("""^Required parameter "[^"]*?(?<name>\w+)" was not provided from (?<source>[^.]*)""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Required();
}
