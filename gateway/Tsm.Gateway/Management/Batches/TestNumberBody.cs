namespace Tsm.Gateway.Management.Batches;

/// <summary>A test number to add: the MSISDN and an optional note (whose phone it is, what it is for).</summary>
public sealed record TestNumberBody(string? Msisdn, string? Note);
