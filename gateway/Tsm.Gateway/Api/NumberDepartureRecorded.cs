namespace Tsm.Gateway.Api;

/// <summary>
/// The answer to a number-departure notice: the SEs whose binding to <paramref name="Msisdn"/> this notice ended (empty
/// when no SE is bound to it: most numbers have none, and a repeated notice finds the bindings already gone).
/// </summary>
public sealed record NumberDepartureRecorded(string Msisdn, IReadOnlyList<string> Ses);
