namespace Tsm.Grains.Domain;

/// <summary>
/// A wallet's login as the binding rules see it (requirement 5.5.2): the number it acts for, whether that number is
/// proven (a one-time code sent to it, or the operator's network gateway saying so), whether the token it read from the
/// SE is the one the platform issued, and the day.
/// </summary>
public sealed record LoginAttempt(string Msisdn, bool TokenMatches, DateOnly Today, bool MsisdnProven = false);
