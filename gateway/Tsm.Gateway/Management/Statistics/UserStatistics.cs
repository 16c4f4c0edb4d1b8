namespace Tsm.Gateway.Management.Statistics;

/// <summary>
/// Users by day (requirement 5.2.2.2): <see cref="Registered"/> SEs registered now (in the caller's region), and per day
/// of the range the SEs registered and the SEs active. Every day of the range is listed, with zeros.
/// </summary>
public sealed record UserStatistics(DateOnly From, DateOnly To, long Registered, IReadOnlyList<UsersOnDay> Days);
