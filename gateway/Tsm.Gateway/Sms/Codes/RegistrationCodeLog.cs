namespace Tsm.Gateway.Sms.Codes;

/// <summary>Log messages of the registration code SMS. The MSISDN is always masked; the text (the code) never appears.</summary>
internal static partial class RegistrationCodeLog
{
    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Registration code SMS to {Msisdn} taken by SMS account {Account} as message {MessageId}")]
    public static partial void Sent(ILogger logger, string msisdn, string account, string? messageId);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Warning, Message = "Registration code SMS to {Msisdn} not sent: no SMS link is configured (see docs/sms.md)")]
    public static partial void NoChannel(ILogger logger, string msisdn);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "Registration code SMS to {Msisdn} refused by SMS account {Account}: {Error}")]
    public static partial void Refused(ILogger logger, string msisdn, string account, string error);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Warning, Message = "Registration code SMS to {Msisdn} not sent on SMS account {Account}: {Error}")]
    public static partial void AccountFailed(ILogger logger, string msisdn, string account, string error);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Warning, Message = "Registration code SMS to {Msisdn}: no SMSC took it within {Timeout}")]
    public static partial void TimedOut(ILogger logger, string msisdn, TimeSpan timeout);
}
