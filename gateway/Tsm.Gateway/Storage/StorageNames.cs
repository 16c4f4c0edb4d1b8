namespace Tsm.Gateway.Storage;

/// <summary>Names under which the storage providers are registered in the silo.</summary>
public static class StorageNames
{
    /// <summary>The grain storage of every persistent grain: <c>[PersistentState("...", StorageNames.Default)]</c>.</summary>
    public const string Default = "tsm";

    /// <summary>Orleans service id: part of every grain-state and reminder row, so it must never change.</summary>
    public const string ServiceId = "tsm";

    /// <summary>Orleans cluster id.</summary>
    public const string ClusterId = "tsm";

    /// <summary>
    /// The ADO.NET invariant under which Orleans' providers load Microsoft.Data.Sqlite
    /// (they reject "Microsoft.Data.Sqlite" itself).
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>The invariant of the cluster profile.</summary>
    public const string PostgresInvariant = "Npgsql";
}
