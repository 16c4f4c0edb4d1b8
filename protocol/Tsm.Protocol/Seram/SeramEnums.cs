using System.Text.Json.Serialization;

namespace Tsm.Protocol.Seram;

/// <summary>Schema <c>secureElement.seType</c>.</summary>
[JsonConverter(typeof(SeramEnumConverter<SeType>))]
public enum SeType
{
    [JsonStringEnumMemberName("eSE")]
    Ese,

    [JsonStringEnumMemberName("iSE")]
    Ise,

    [JsonStringEnumMemberName("uicc")]
    Uicc,

    [JsonStringEnumMemberName("euicc")]
    Euicc,

    [JsonStringEnumMemberName("ieuicc")]
    Ieuicc,
}

/// <summary>Schema <c>localAgentStatus.localAgentStatusEnum</c>.</summary>
[JsonConverter(typeof(SeramEnumConverter<LocalAgentStatusKind>))]
public enum LocalAgentStatusKind
{
    /// <summary>At least one RAM command of the last order was executed.</summary>
    [JsonStringEnumMemberName("PROCESSED")]
    Processed,

    /// <summary>First request of the command exchange, or the last order carried no command.</summary>
    [JsonStringEnumMemberName("POLLING")]
    Polling,

    /// <summary>The SE could not be reached (absent, powered off, power lost during an APDU).</summary>
    [JsonStringEnumMemberName("UNAVAILABLE_SE")]
    UnavailableSe,

    [JsonStringEnumMemberName("UNKNOWN_FAILURE")]
    UnknownFailure,

    /// <summary>The SE access API refused access (access control).</summary>
    [JsonStringEnumMemberName("UNGRANTED_ACCESS")]
    UngrantedAccess,
}

/// <summary>Discriminator <c>ramCommandType</c> (values as in the spec's examples).</summary>
[JsonConverter(typeof(SeramEnumConverter<RamCommandType>))]
public enum RamCommandType
{
    [JsonStringEnumMemberName("startCommand")]
    StartCommand,

    [JsonStringEnumMemberName("seRamCommand")]
    SeRamCommand,

    [JsonStringEnumMemberName("notificationCommand")]
    NotificationCommand,

    [JsonStringEnumMemberName("stopCommand")]
    StopCommand,
}

/// <summary>Discriminator <c>ramResponseType</c>.</summary>
[JsonConverter(typeof(SeramEnumConverter<RamResponseType>))]
public enum RamResponseType
{
    [JsonStringEnumMemberName("seRamResponse")]
    SeRamResponse,
}

/// <summary>Enum names exactly as the spec spells them; numbers are rejected (a number is never a SERAM value).</summary>
public sealed class SeramEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public SeramEnumConverter()
        : base(namingPolicy: null, allowIntegerValues: false)
    {
    }
}
