namespace Tsm.Gateway.Management.Providers;

/// <summary>Log messages of the providers' area; never a password, key, secret, or a full number or address.</summary>
internal static partial class ProvidersLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Reloading the providers or platforms failed; the cached ones stay in use")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Seeded {Providers} service provider(s) and {Platforms} business platform(s) from configuration")]
    public static partial void Seeded(ILogger logger, int providers, int platforms);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "No e-mail pickup directory is configured (Providers:EmailPickupDirectory): the notice to provider {Provider} goes by SMS only")]
    public static partial void NoEmailChannel(ILogger logger, string provider);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "The e-mail notice to provider {Provider} could not be written: {Error}")]
    public static partial void EmailFailed(ILogger logger, string provider, string error);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Information, Message = "Notice \"{Subject}\" to provider {Provider}: SMS {Sms}, e-mail {Email}")]
    public static partial void Notified(ILogger logger, string provider, string subject, string sms, string email);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Error, Message = "The login account of provider {Provider} could not be made ({Errors}); its approval is undone")]
    public static partial void AccountFailed(ILogger logger, string provider, string errors);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Warning, Message = "The SMS notice to provider {Provider} failed: {Error}")]
    public static partial void SmsFailed(ILogger logger, string provider, string error);
}
