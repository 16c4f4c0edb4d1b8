namespace Tsm.Grains.Domain;

/// <summary>Which rule of requirement 5.5.2 a login falls under.</summary>
public enum BindingVerdict
{
    /// <summary>The SE and the number are bound, the token matches and is valid: nothing to do.</summary>
    LoggedIn,

    /// <summary>The SE is not bound (or its registration to this number is not written yet): register it to the number.</summary>
    Register,

    /// <summary>The SE and the number are bound, the token matches but has expired: register again with a new token.</summary>
    RotateToken,

    /// <summary>The SE is bound to another number still in service: the user may only look (3a).</summary>
    AnotherNumber,

    /// <summary>The SE's number has left the network: register to the new number, block the old number's applications (3b).</summary>
    RebindFromRetiredNumber,

    /// <summary>The SE is on the loss list: lock every Useable application; the user may only look.</summary>
    Lost,

    /// <summary>The token read from the SE is not the one the platform issued.</summary>
    TokenMismatch,

    /// <summary>
    /// The login would bind the SE to the number (a first registration, or a rebinding from a retired number) but the
    /// number is not proven: the wallet must present a one-time code sent to it (docs/security.md, "Wallets").
    /// </summary>
    ProofRequired,
}
