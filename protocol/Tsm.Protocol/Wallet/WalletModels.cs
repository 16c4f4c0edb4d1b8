using System.Text.Json.Serialization;

namespace Tsm.Protocol.Wallet;

/// <summary>Paths and content types of the platform's wallet API (docs/wallet-protocol.md).</summary>
public static class WalletPaths
{
    public const string Login = "/wallet/v1/login";

    public const string Operations = "/wallet/v1/operations";

    public const string RegistrationCodes = "/wallet/v1/registration-codes";

    public const string Token = "/wallet/v1/token";

    /// <summary>Route template of the task endpoint.</summary>
    public const string TaskTemplate = "/wallet/v1/tasks/{taskId}";

    /// <summary>Route template of the push endpoint: the wallet presents a wake-up push's serial (docs/push-sms.md).</summary>
    public const string PushTemplate = "/wallet/v1/push/{serial}";

    public static string Push(string serial) => "/wallet/v1/push/" + Uri.EscapeDataString(serial);

    public const string ContentType = "application/json";

    /// <summary>RFC 7807 error bodies.</summary>
    public const string ProblemContentType = "application/problem+json";

    public static string Task(string taskId)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return "/wallet/v1/tasks/" + Uri.EscapeDataString(taskId);
    }
}

/// <summary>
/// What the wallet asks the platform to do to one application (or the whole SE for <c>sync</c>), and what a task
/// status reports it does (<c>register</c> as well).
/// </summary>
[JsonConverter(typeof(WalletEnumConverter<WalletOperation>))]
public enum WalletOperation
{
    [JsonStringEnumMemberName("download")]
    Download,

    [JsonStringEnumMemberName("delete")]
    Delete,

    [JsonStringEnumMemberName("lock")]
    Lock,

    [JsonStringEnumMemberName("unlock")]
    Unlock,

    /// <summary>Align the platform's view of the SE with the card; no application.</summary>
    [JsonStringEnumMemberName("sync")]
    Sync,

    /// <summary>
    /// Write the SE's binding to the number (MSISDN, token, IMSI digest): the task a login's <c>sessionId</c> runs. A
    /// task status may report it; the wallet never asks for it (docs/wallet-protocol.md).
    /// </summary>
    [JsonStringEnumMemberName("register")]
    Register,
}

/// <summary>Who started the operation: the user in the wallet, or staff in a business hall.</summary>
[JsonConverter(typeof(WalletEnumConverter<WalletChannel>))]
public enum WalletChannel
{
    [JsonStringEnumMemberName("wallet")]
    Wallet,

    [JsonStringEnumMemberName("business-hall")]
    BusinessHall,
}

[JsonConverter(typeof(WalletEnumConverter<WalletTaskState>))]
public enum WalletTaskState
{
    [JsonStringEnumMemberName("queued")]
    Queued,

    [JsonStringEnumMemberName("running")]
    Running,

    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("aborted")]
    Aborted,
}

/// <summary>Enum values exactly as the wallet API spells them; numbers are rejected.</summary>
public sealed class WalletEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public WalletEnumConverter()
        : base(namingPolicy: null, allowIntegerValues: false)
    {
    }
}

/// <summary>Body of <c>POST /wallet/v1/login</c>.</summary>
public sealed record WalletLoginRequest
{
    [JsonPropertyName("msisdn")]
    public required string Msisdn { get; init; }

    /// <summary>SE identifier, hex.</summary>
    [JsonPropertyName("seId")]
    public required string SeId { get; init; }

    [JsonPropertyName("imsi")]
    public required string Imsi { get; init; }

    /// <summary>The registration token read from the SE (GET DATA 1047 on the ISD), hex; null before the first registration.</summary>
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    /// <summary>The registration code sent to <see cref="Msisdn"/> by SMS (needed to bind the SE to the number).</summary>
    [JsonPropertyName("code")]
    public string? Code { get; init; }
}

/// <summary>The AIDs (hex) the user may act on, per operation.</summary>
public sealed record WalletApplications
{
    [JsonPropertyName("download")]
    public IReadOnlyList<string> Download { get; init; } = [];

    [JsonPropertyName("delete")]
    public IReadOnlyList<string> Delete { get; init; } = [];

    [JsonPropertyName("lock")]
    public IReadOnlyList<string> Lock { get; init; } = [];

    [JsonPropertyName("unlock")]
    public IReadOnlyList<string> Unlock { get; init; } = [];
}

/// <summary>200 answer of <c>POST /wallet/v1/login</c>.</summary>
public sealed record WalletLoginResponse
{
    [JsonPropertyName("seId")]
    public required string SeId { get; init; }

    [JsonPropertyName("msisdn")]
    public required string Msisdn { get; init; }

    [JsonPropertyName("registered")]
    public required bool Registered { get; init; }

    /// <summary>The user may look but not change anything (e.g. the SE is bound to another MSISDN).</summary>
    [JsonPropertyName("queryOnly")]
    public required bool QueryOnly { get; init; }

    /// <summary>When set, the platform has SERAM work for this SE (e.g. registration): run the local agent with it.</summary>
    [JsonPropertyName("sessionId")]
    public string? SessionId { get; init; }

    /// <summary>The task <see cref="SessionId"/> drives (its status is at <c>/wallet/v1/tasks/{taskId}</c>).</summary>
    [JsonPropertyName("taskId")]
    public string? TaskId { get; init; }

    [JsonPropertyName("applications")]
    public required WalletApplications Applications { get; init; }

    /// <summary>The wallet access token (absent when the login is query only).</summary>
    [JsonPropertyName("accessToken")]
    public string? AccessToken { get; init; }

    /// <summary>Seconds the access token is accepted for.</summary>
    [JsonPropertyName("expiresIn")]
    public long? ExpiresIn { get; init; }

    /// <summary>Exchanged once at <c>POST /wallet/v1/token</c> for a new pair.</summary>
    [JsonPropertyName("refreshToken")]
    public string? RefreshToken { get; init; }
}

/// <summary>Body of <c>POST /wallet/v1/registration-codes</c>: send a registration code to the number.</summary>
public sealed record WalletCodeRequest
{
    [JsonPropertyName("seId")]
    public required string SeId { get; init; }

    [JsonPropertyName("msisdn")]
    public required string Msisdn { get; init; }
}

/// <summary>Body of <c>POST /wallet/v1/token</c>.</summary>
public sealed record WalletRefreshRequest
{
    [JsonPropertyName("refreshToken")]
    public required string RefreshToken { get; init; }
}

/// <summary>Answer of <c>POST /wallet/v1/token</c>: a new access token and the refresh token that replaces the one presented.</summary>
public sealed record WalletTokenResponse
{
    [JsonPropertyName("accessToken")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("expiresIn")]
    public required long ExpiresIn { get; init; }

    [JsonPropertyName("refreshToken")]
    public required string RefreshToken { get; init; }
}

/// <summary>Body of <c>POST /wallet/v1/operations</c>; the SE and number are the access token's (when given, they must be the same).</summary>
public sealed record WalletOperationRequest
{
    [JsonPropertyName("msisdn")]
    public string? Msisdn { get; init; }

    [JsonPropertyName("seId")]
    public string? SeId { get; init; }

    [JsonPropertyName("operation")]
    public required WalletOperation Operation { get; init; }

    /// <summary>Hex AID; null only for <see cref="WalletOperation.Sync"/>.</summary>
    [JsonPropertyName("applicationAid")]
    public string? ApplicationAid { get; init; }

    [JsonPropertyName("channel")]
    public WalletChannel Channel { get; init; } = WalletChannel.Wallet;
}

/// <summary>202 answer of <c>POST /wallet/v1/operations</c>: the task, and the SERAM session that carries its APDUs.</summary>
public sealed record WalletOperationAccepted
{
    [JsonPropertyName("taskId")]
    public required string TaskId { get; init; }

    [JsonPropertyName("sessionId")]
    public required string SessionId { get; init; }
}

/// <summary>Why a task failed; <see cref="StatusWord"/> is the card's SW (4 hex digits) when a card answer caused it.</summary>
public sealed record WalletTaskFailure
{
    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    [JsonPropertyName("statusWord")]
    public string? StatusWord { get; init; }
}

/// <summary>Answer of <c>GET /wallet/v1/tasks/{taskId}</c>.</summary>
public sealed record WalletTaskStatus
{
    [JsonPropertyName("taskId")]
    public required string TaskId { get; init; }

    [JsonPropertyName("seId")]
    public required string SeId { get; init; }

    [JsonPropertyName("operation")]
    public required WalletOperation Operation { get; init; }

    [JsonPropertyName("applicationAid")]
    public string? ApplicationAid { get; init; }

    [JsonPropertyName("state")]
    public required WalletTaskState State { get; init; }

    [JsonPropertyName("failure")]
    public WalletTaskFailure? Failure { get; init; }

    [JsonIgnore]
    public bool IsFinal => State is WalletTaskState.Succeeded or WalletTaskState.Failed or WalletTaskState.Aborted;
}

/// <summary>RFC 7807 problem details, the body of every wallet API error (<c>application/problem+json</c>).</summary>
public sealed record WalletProblem
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "about:blank";

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("status")]
    public required int Status { get; init; }

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    [JsonPropertyName("instance")]
    public string? Instance { get; init; }
}

/// <summary>
/// Source-generated JSON metadata for the wallet API: camelCase, nulls written (the shapes show <c>"token": null</c>),
/// required fields and non-null annotations enforced when reading.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(WalletLoginRequest))]
[JsonSerializable(typeof(WalletLoginResponse))]
[JsonSerializable(typeof(WalletOperationRequest))]
[JsonSerializable(typeof(WalletOperationAccepted))]
[JsonSerializable(typeof(WalletTaskStatus))]
[JsonSerializable(typeof(IReadOnlyList<WalletTaskStatus>))]
[JsonSerializable(typeof(WalletProblem))]
[JsonSerializable(typeof(WalletCodeRequest))]
[JsonSerializable(typeof(WalletRefreshRequest))]
[JsonSerializable(typeof(WalletTokenResponse))]
public sealed partial class WalletJsonContext : JsonSerializerContext;
