namespace Tsm.Grains.Ota;

/// <summary>Where a request for a task came from; the channel decides who may ask for what (docs/requirements.md 5.8.4).</summary>
public enum TaskChannel
{
    /// <summary>The user's wallet client, for the SE's bound number.</summary>
    Wallet,

    /// <summary>A business hall acting for the bound number (unlock needs it, requirement 5.8.4.3).</summary>
    BusinessHall,

    /// <summary>A service provider's business platform (<c>/sp/v1</c>): names the SE only.</summary>
    Provider,

    /// <summary>The platform itself (registration, loss-list locks, key updates, operator routes, MO SMS).</summary>
    Platform,

    /// <summary>A wallet that presented a wake-up push serial.</summary>
    Push,
}
