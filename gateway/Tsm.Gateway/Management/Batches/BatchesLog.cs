namespace Tsm.Gateway.Management.Batches;

/// <summary>Logs of the SE batches and test numbers (event ids 1320–1339). MSISDNs only through LogValue.Safe.</summary>
internal static partial class BatchesLog
{
    [LoggerMessage(EventId = 1320, Level = LogLevel.Information, Message = "SE batch {Id}: {Action} by {Actor}")]
    public static partial void Changed(ILogger logger, string action, string id, string actor);

    [LoggerMessage(EventId = 1321, Level = LogLevel.Information, Message = "Test number {Msisdn}: {Action} by {Actor}")]
    public static partial void TestNumberChanged(ILogger logger, string action, string msisdn, string actor);

    [LoggerMessage(EventId = 1322, Level = LogLevel.Information, Message = "Seeded from Catalogue: {Batches} SE batch(es), {TestNumbers} test number(s)")]
    public static partial void Seeded(ILogger logger, int batches, int testNumbers);

    [LoggerMessage(EventId = 1323, Level = LogLevel.Warning, Message = "Configured SE batch {Id} is not seeded: {Reason}")]
    public static partial void NotSeeded(ILogger logger, string id, string reason);
}
