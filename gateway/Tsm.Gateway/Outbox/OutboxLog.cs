namespace Tsm.Gateway.Outbox;

internal static partial class OutboxLog
{
    [LoggerMessage(EventId = 70, Level = LogLevel.Warning, Message = "A round of the {Outbox} outbox failed; its rows stay, and are taken again")]
    public static partial void RoundFailed(ILogger logger, Exception exception, string outbox);

    [LoggerMessage(EventId = 71, Level = LogLevel.Warning, Message = "{Outbox} {Key} given up after {Attempts} attempts: {Detail}")]
    public static partial void GaveUp(ILogger logger, string outbox, string key, int attempts, string? detail);
}
