namespace Tsm.Gateway.Management.Statistics;

/// <summary>Operations by day, kind and result (requirement 5.2.2.2); only days, kinds and results that occurred, by date then kind.</summary>
public sealed record OperationStatistics(DateOnly From, DateOnly To, IReadOnlyList<OperationsOnDay> Counts);
