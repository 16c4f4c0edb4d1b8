using System.Text.Json.Serialization;

namespace Tsm.Protocol.Seram;

/// <summary>Schema <c>secureElement</c>: one SE the local agent can reach.</summary>
public sealed record SecureElement
{
    [JsonPropertyName("seType")]
    public required SeType SeType { get; init; }

    [JsonPropertyName("seId")]
    public required string SeId { get; init; }

    /// <summary>Comma-separated SE features, e.g. "SAM".</summary>
    [JsonPropertyName("seExtraInfo")]
    public string? SeExtraInfo { get; init; }
}

/// <summary>
/// Handshake Command (schema <c>ramHandshakeCommand</c>), local agent → remote agent, body of
/// <c>POST /handshake?sessionId=…</c>. Absent lists mean HTTPS, application/json and 2.0.0.
/// </summary>
public sealed record HandshakeRequest
{
    /// <summary>The SEs the remote agent may target, in order of preference.</summary>
    [JsonPropertyName("secureElements")]
    public required IReadOnlyList<SecureElement> SecureElements { get; init; }

    [JsonPropertyName("supportedTransportProtocols")]
    public IReadOnlyList<string>? SupportedTransportProtocols { get; init; }

    [JsonPropertyName("supportedDataFormats")]
    public IReadOnlyList<string>? SupportedDataFormats { get; init; }

    [JsonPropertyName("supportedVersions")]
    public IReadOnlyList<string>? SupportedVersions { get; init; }

    /// <summary>The offered transport protocols with the spec default applied.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> EffectiveTransportProtocols => SupportedTransportProtocols ?? SeramConstants.DefaultTransportProtocols;

    [JsonIgnore]
    public IReadOnlyList<string> EffectiveDataFormats => SupportedDataFormats ?? SeramConstants.KnownDataFormats;

    [JsonIgnore]
    public IReadOnlyList<string> EffectiveVersions => SupportedVersions ?? SeramConstants.KnownVersions;
}

/// <summary>
/// Handshake Response (schema <c>ramHandshakeResponse</c>), 200 answer to the handshake: one value of each offered list.
/// (The schema's required list says <c>chosenDataProtocol</c>; its property and examples say <c>chosenDataFormat</c>, used here.)
/// </summary>
public sealed record HandshakeResponse
{
    [JsonPropertyName("chosenTransportProtocol")]
    public required string ChosenTransportProtocol { get; init; }

    [JsonPropertyName("chosenDataFormat")]
    public required string ChosenDataFormat { get; init; }

    [JsonPropertyName("chosenVersion")]
    public required string ChosenVersion { get; init; }
}

/// <summary>
/// A Command of an order (schema <c>ramCommand</c> and its subtypes, discriminated by <c>ramCommandType</c>).
/// One flat record: <see cref="ListOfCapdu"/> is set only on <c>seRamCommand</c>, <see cref="DeviceAppNotification"/>
/// only on <c>notificationCommand</c>; <see cref="SeramValidation"/> checks that.
/// </summary>
public sealed record RamCommand
{
    [JsonPropertyName("ramCommandType")]
    public required RamCommandType RamCommandType { get; init; }

    /// <summary>C-APDUs (upper-case hex) to send to the SE in this order.</summary>
    [JsonPropertyName("listOfCAPDU")]
    public IReadOnlyList<string>? ListOfCapdu { get; init; }

    /// <summary>UTF-8 text for the device application (e.g. progress).</summary>
    [JsonPropertyName("deviceAppNotification")]
    public string? DeviceAppNotification { get; init; }

    public static RamCommand Start() => new() { RamCommandType = RamCommandType.StartCommand };

    public static RamCommand Stop() => new() { RamCommandType = RamCommandType.StopCommand };

    public static RamCommand SeRam(params IEnumerable<string> capdus) =>
        new() { RamCommandType = RamCommandType.SeRamCommand, ListOfCapdu = [.. capdus] };

    public static RamCommand Notification(string text) =>
        new() { RamCommandType = RamCommandType.NotificationCommand, DeviceAppNotification = text };
}

/// <summary>
/// Order (schema <c>remoteManagementOrder</c>), remote agent → local agent, 200 answer of <c>POST /remoteManagement</c>.
/// Every field is optional; an order without commands is a void (polling) message.
/// </summary>
public sealed record RemoteManagementOrder
{
    /// <summary>Milliseconds to wait before the next request; 0 for none; absent means the binding's 1 s.</summary>
    [JsonPropertyName("delay")]
    public int? Delay { get; init; }

    /// <summary>The SE the C-APDUs go to.</summary>
    [JsonPropertyName("chosenSecureElement")]
    public SecureElement? ChosenSecureElement { get; init; }

    /// <summary>Commands, handled one by one in order.</summary>
    [JsonPropertyName("ramCommands")]
    public IReadOnlyList<RamCommand>? RamCommands { get; init; }

    [JsonIgnore]
    public bool IsVoid => RamCommands is null or { Count: 0 };

    /// <summary>Number of SE RAM commands, which is what <see cref="LocalAgentStatus.ExecutedSeRamCommands"/> is compared with.</summary>
    [JsonIgnore]
    public int SeRamCommandCount => RamCommands?.Count(c => c.RamCommandType == RamCommandType.SeRamCommand) ?? 0;

    [JsonIgnore]
    public bool HasStop => RamCommands?.Any(c => c.RamCommandType == RamCommandType.StopCommand) ?? false;
}

/// <summary>
/// Schema <c>localAgentStatus</c>: sent in every report. Read and written by <see cref="LocalAgentStatusConverter"/>,
/// which also accepts the spec's other spellings of <c>executedSeRamCommands</c>.
/// </summary>
[JsonConverter(typeof(LocalAgentStatusConverter))]
public sealed record LocalAgentStatus
{
    [JsonPropertyName("localAgentStatusEnum")]
    public required LocalAgentStatusKind LocalAgentStatusEnum { get; init; }

    /// <summary>SE RAM commands of the last order executed completely; fewer than were sent tells the server an error happened. 0 when polling.</summary>
    [JsonPropertyName("executedSeRamCommands")]
    public required int ExecutedSeRamCommands { get; init; }

    /// <summary>Why, for the error statuses; meant for logs. The spec says SHOULD, so an error status may come without it.</summary>
    [JsonPropertyName("errorMsg")]
    public string? ErrorMsg { get; init; }

    /// <summary>One of the error statuses: UNAVAILABLE_SE, UNKNOWN_FAILURE, UNGRANTED_ACCESS.</summary>
    [JsonIgnore]
    public bool IsError => LocalAgentStatusEnum is LocalAgentStatusKind.UnavailableSe or LocalAgentStatusKind.UnknownFailure
        or LocalAgentStatusKind.UngrantedAccess;
}

/// <summary>
/// A Response (schema <c>ramResponse</c> / <c>seRamResponse</c>): the R-APDUs (data ‖ SW, upper-case hex) of one
/// SE RAM command, in the order of its C-APDUs. An R-APDU that was not available is an empty string.
/// </summary>
public sealed record RamResponse
{
    [JsonPropertyName("ramResponseType")]
    public required RamResponseType RamResponseType { get; init; }

    [JsonPropertyName("listOfRAPDU")]
    public required IReadOnlyList<string> ListOfRapdu { get; init; }

    public static RamResponse SeRam(params IEnumerable<string> rapdus) =>
        new() { RamResponseType = RamResponseType.SeRamResponse, ListOfRapdu = [.. rapdus] };
}

/// <summary>
/// Report (schema <c>remoteManagementReport</c>), local agent → remote agent, body of <c>POST /remoteManagement</c>:
/// the agent's status and one response per SE RAM command of the previous order.
/// </summary>
public sealed record RemoteManagementReport
{
    [JsonPropertyName("localAgentStatus")]
    public required LocalAgentStatus LocalAgentStatus { get; init; }

    [JsonPropertyName("ramResponses")]
    public IReadOnlyList<RamResponse>? RamResponses { get; init; }

    /// <summary>
    /// The R-APDUs of every response in order, up to the first that was not available (an empty string, the spec's
    /// "response not available"): from there on the commands count as unanswered.
    /// </summary>
    public IReadOnlyList<string> AvailableRapdus()
    {
        var rapdus = new List<string>();
        foreach (var response in RamResponses ?? [])
        {
            foreach (var rapdu in response.ListOfRapdu)
            {
                if (string.IsNullOrEmpty(rapdu))
                    return rapdus;
                rapdus.Add(rapdu);
            }
        }
        return rapdus;
    }

    /// <summary>The void report: first request of the command exchange, or after an order without commands.</summary>
    public static RemoteManagementReport Polling() =>
        new() { LocalAgentStatus = new() { LocalAgentStatusEnum = LocalAgentStatusKind.Polling, ExecutedSeRamCommands = 0 } };
}
