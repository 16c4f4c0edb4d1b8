namespace Tsm.Gateway.Management.Catalogue;

internal static partial class CatalogueLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Catalogue loaded at change {Version}: {Batches} batches, {Applications} applications")]
    public static partial void Loaded(ILogger logger, long version, int batches, int applications);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "The stored CAP of load file {LoadFile} is missing from the database")]
    public static partial void CapMissing(ILogger logger, string loadFile);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Reading the catalogue failed; the previous snapshot stays in use")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
