namespace Tsm.Gateway.Management.Statistics;

/// <summary>One day of <see cref="UserStatistics"/>: SEs registered that day, and SEs whose wallet logged in that day.</summary>
public sealed record UsersOnDay(DateOnly Date, long Registrations, long ActiveSes);
