namespace Tsm.Gateway.Ota;

/// <summary>The key service's start-up messages: the token and the import counts, never a key or the PIN.</summary>
internal static partial class KeyServiceLog
{
    [LoggerMessage(EventId = 7901, Level = LogLevel.Information, Message = "Key service: {Token}, object labels {LabelPrefix}:*")]
    public static partial void Pkcs11Opened(ILogger logger, string token, string labelPrefix);

    [LoggerMessage(EventId = 7902, Level = LogLevel.Information, Message = "Key service: configured keys imported into the token ({Created} created, {Present} already there)")]
    public static partial void Pkcs11Imported(ILogger logger, int created, int present);
}
