namespace Tsm.Gateway.Regions;

/// <summary>Log messages of the region tables (event ids 1300–1319).</summary>
internal static partial class RegionsLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "Region cache refreshed: {Regions} regions, {Segments} number segments")]
    public static partial void Refreshed(ILogger logger, int regions, int segments);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Region cache refresh failed; lookups keep the previous tables until the next refresh")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Row {Key} of {Table} has a malformed region code and is ignored")]
    public static partial void BadRow(ILogger logger, string table, string key);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "{Change} of region or number segment {Key} by {Actor}")]
    public static partial void Changed(ILogger logger, string change, string key, string actor);
}
