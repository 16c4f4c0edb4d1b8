namespace Tsm.Gateway.Management.Statistics;

/// <summary>How many operations of one kind ended with one result on one day.</summary>
public sealed record OperationsOnDay(DateOnly Date, string Operation, string Result, long Count);
