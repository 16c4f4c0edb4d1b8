namespace Tsm.Gateway.Security.Accounts;

internal static partial class AccountLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Bootstrap administrator: {Outcome}")]
    public static partial void Bootstrap(ILogger logger, FirstAdministratorOutcome outcome);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Account action {Action}: {Outcome}")]
    public static partial void Acted(ILogger logger, string action, string outcome);
}
