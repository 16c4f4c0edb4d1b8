namespace Tsm.Gateway.Api;

/// <summary>The BOSS's notice that a number left the network (requirement 5.5.6): <c>POST /boss/v1/number-departures</c>.</summary>
public sealed record NumberDeparture(string? Msisdn);
