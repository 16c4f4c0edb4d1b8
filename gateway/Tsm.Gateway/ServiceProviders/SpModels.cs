using System.Text.Json.Serialization;

namespace Tsm.Gateway.ServiceProviders;

/// <summary>Paths of the service-provider API (docs/sp-api.md).</summary>
public static class SpPaths
{
    public const string Base = "/sp/v1";

    public const string OperationsTemplate = "/ses/{seId}/operations";

    public const string ActivationTemplate = "/ses/{seId}/applications/{applicationAid}/activation";

    public const string TaskTemplate = "/tasks/{taskId}";

    public static string Operations(string seId) => $"{Base}/ses/{Uri.EscapeDataString(seId)}/operations";

    public static string Activation(string seId, string applicationAid) =>
        $"{Base}/ses/{Uri.EscapeDataString(seId)}/applications/{Uri.EscapeDataString(applicationAid)}/activation";

    public static string Task(string taskId) => $"{Base}/tasks/{Uri.EscapeDataString(taskId)}";
}

/// <summary>
/// Body of <c>POST /sp/v1/ses/{seId}/operations</c>: <see cref="Operation"/> names the capability
/// (<see cref="SpCapabilities"/>); the other fields are the ones that operation needs. New capabilities add their
/// own optional fields here (e.g. a security domain AID, a personalization mode and payload, a list of APDUs).
/// </summary>
public sealed record SpOperationRequest
{
    public required string Operation { get; init; }

    /// <summary>The application (hex AID) for download, delete, lock, unlock and unsubscribe.</summary>
    public string? ApplicationAid { get; init; }

    /// <summary>The provider the platform acts for; may be left out when the platform acts for one provider only.</summary>
    public string? ServiceProvider { get; init; }

    /// <summary>The provider's security domain (hex AID) for create-security-domain, update-security-domain-keys, delete-security-domain.</summary>
    public string? SecurityDomainAid { get; init; }

    /// <summary>The SD's new keys under the provider's KEK (create-security-domain, update-security-domain-keys).</summary>
    public SpKeySet? Keys { get; init; }

    /// <summary>personalize: mode 1, 2 or 3 (requirement 5.8.4.6).</summary>
    public int? Mode { get; init; }

    /// <summary>personalize modes 2 and 3: the DGIs, 3DES-CBC under the provider's TK (zero IV, ISO/IEC 9797-1 padding 2), hex; sensitive values inside under its KEK.</summary>
    public string? Data { get; init; }

    /// <summary>personalize mode 1 and application-commands: C-APDUs (hex), protected by the provider with the application's own keys.</summary>
    public IReadOnlyList<string>? Commands { get; init; }
}

/// <summary>An SD key set as a provider sends it: ENC, MAC, DEK each 3DES-ECB under its KEK (hex), with 3-byte KCVs.</summary>
public sealed record SpKeySet
{
    public required int KeyVersion { get; init; }

    public required IReadOnlyList<string> Keys { get; init; }

    public required IReadOnlyList<string> KeyCheckValues { get; init; }
}

/// <summary>Body of the activation notice (optional: only to name the provider).</summary>
public sealed record SpActivationRequest
{
    public string? ServiceProvider { get; init; }
}

/// <summary>Why a task did not succeed; <see cref="StatusWord"/> is the card's SW when a card answer caused it.</summary>
public sealed record SpTaskFailure
{
    public required string Reason { get; init; }

    public string? StatusWord { get; init; }
}

/// <summary>A provider's task: the answer of an operation (200 when it ended within the wait, 202 otherwise) and of polling.</summary>
public sealed record SpTaskStatus
{
    /// <summary>"SEID.task", as everywhere on the platform.</summary>
    public required string TaskId { get; init; }

    public required string SeId { get; init; }

    public required string ServiceProvider { get; init; }

    /// <summary>The engine's operation: download, delete (also for unsubscribe), lock, unlock.</summary>
    public required string Operation { get; init; }

    public string? ApplicationAid { get; init; }

    /// <summary>The SD of a security-domain operation.</summary>
    public string? SecurityDomainAid { get; init; }

    /// <summary>application-commands and mode-1 personalization: the R-APDUs (hex), in order.</summary>
    public IReadOnlyList<string>? Responses { get; init; }

    /// <summary>queued, running, succeeded, failed or aborted.</summary>
    public required string State { get; init; }

    public SpTaskFailure? Failure { get; init; }
}

/// <summary>An application's state on one SE (requirement 5.8.7.2), the answer of the activation notice.</summary>
public sealed record SpApplicationStatus
{
    public required string SeId { get; init; }

    public required string ApplicationAid { get; init; }

    public required string ServiceProvider { get; init; }

    /// <summary>ready, loaded, instantiated, personalized, useable or locked.</summary>
    public required string State { get; init; }
}

/// <summary>The body POSTed to a platform's callback URL when one of its tasks ends (signed, see docs/sp-api.md).</summary>
public sealed record SpTaskEvent
{
    /// <summary>Unique per event (the task id): a platform that sees it twice ignores the second (delivery is at least once).</summary>
    public required string EventId { get; init; }

    public required string Platform { get; init; }

    public required DateTimeOffset EndedAt { get; init; }

    public required SpTaskStatus Task { get; init; }

    /// <summary>Set when the task created the provider's SD with its initial keys: the provider's keys are awaited.</summary>
    public SpKeysNeeded? SecurityDomainKeysNeeded { get; init; }
}

/// <summary>Source-generated JSON for the service-provider API: camelCase, nulls written, required fields enforced.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SpOperationRequest))]
[JsonSerializable(typeof(SpActivationRequest))]
[JsonSerializable(typeof(SpTaskStatus))]
[JsonSerializable(typeof(SpApplicationStatus))]
[JsonSerializable(typeof(SpTaskEvent))]
public sealed partial class SpJsonContext : JsonSerializerContext;
