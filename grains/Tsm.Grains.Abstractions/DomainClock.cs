namespace Tsm.Grains;

/// <summary>
/// The domain's clock: the service key under which the host registers the <see cref="TimeProvider"/> that tells the
/// grains and the gateway's domain services what time it is (token validity, activation timeout, key update period,
/// push validity, the times they record). Orleans and Kestrel keep their own clocks, so a test can replace this one
/// with a fake clock it advances without stopping grain timers, reminders or membership (docs/architecture.md, "Time").
/// </summary>
public static class DomainClock
{
    public const string Key = "tsm-domain-clock";
}
