namespace Tsm.Gateway.Management.Batches;

/// <summary>A test number (requirement 5.4.4): an MSISDN whose SEs testers may test unpublished applications on, with a note and who added it.</summary>
public sealed record TestNumber(string Msisdn, string Note, string AddedBy, DateTimeOffset AddedAt);
