using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;

namespace Tsm.Simulator.Card;

/// <summary>
/// Volatile state of one logical channel (ISO/IEC 7816-4 §5.4.1; requirement 5.8.7.3): the selected application, its
/// secure channel session, a GET STATUS in progress and a personalization target. Lost on power loss or reset.
/// </summary>
internal sealed class LogicalChannel
{
    public bool IsOpen { get; set; }

    public ApplicationRecord? Selected { get; set; }

    public SecureSession? Session { get; set; }

    /// <summary>Registry entries still to send after a 6310 (GET STATUS P2 "next").</summary>
    public Queue<RegistryEntry>? StatusContinuation { get; set; }

    public GetStatusFormat StatusFormat { get; set; }

    public GetStatusScope StatusScope { get; set; }

    /// <summary>Set by INSTALL [for personalization]: STORE DATA goes to this instance.</summary>
    public string? PersonalizationTarget { get; set; }

    /// <summary>STORE DATA to the security domain itself: blocks received so far.</summary>
    public List<byte>? StoreDataBuffer { get; set; }

    public int NextStoreDataBlock { get; set; }

    /// <summary>Ends the secure channel session and forgets everything bound to it.</summary>
    public void CloseSession()
    {
        Session?.Dispose();
        Session = null;
        PersonalizationTarget = null;
        StoreDataBuffer = null;
        NextStoreDataBlock = 0;
    }

    /// <summary>Deselects: a new SELECT or a channel closure (GP 2.2.1 §10.2.3: the session ends).</summary>
    public void Clear()
    {
        CloseSession();
        Selected = null;
        StatusContinuation = null;
    }
}

/// <summary>An SCP02 or SCP03 session with one security domain, on one logical channel; <paramref name="keys"/> are its static keys.</summary>
internal sealed class SecureSession(ApplicationRecord securityDomain, KeySetRecord keySet, IDisposable keys, ICardSecureChannel channel) : IDisposable
{
    public ApplicationRecord SecurityDomain { get; } = securityDomain;

    public KeySetRecord KeySet { get; } = keySet;

    public ICardSecureChannel Channel { get; } = channel;

    public bool IsAuthenticated => Channel.IsAuthenticated;

    public SecurityLevel Level => Channel.Level;

    /// <summary>INSTALL [for load] was accepted in this session, so LOAD blocks may follow.</summary>
    public bool LoadStarted { get; set; }

    public void Dispose()
    {
        Channel.Dispose();
        keys.Dispose();
    }
}
