using Tsm.Grains.Ota;

namespace Tsm.Grains.Domain;

/// <summary>
/// What the SE grain does at a login (requirement 5.5.2), as <see cref="BindingRules.Decide"/> decided it.
/// <paramref name="QueuesDueKeyUpdates"/>: the operator SDs' key updates that are due are queued (requirement 5.3.1).
/// </summary>
public sealed record BindingDecision(BindingVerdict Verdict, bool QueuesDueKeyUpdates = false)
{
    /// <summary>Queue a registration task (a new binding, or a new token).</summary>
    public bool Registers => Verdict is BindingVerdict.Register or BindingVerdict.RotateToken or BindingVerdict.RebindFromRetiredNumber;

    /// <summary>The user may look but not change anything: empty lists, operations refused.</summary>
    public bool QueryOnly => Verdict is BindingVerdict.AnotherNumber or BindingVerdict.Lost;

    public bool LocksUseableApplications => Verdict == BindingVerdict.Lost;

    public bool BlocksPreviousNumbersApplications => Verdict == BindingVerdict.RebindFromRetiredNumber;

    /// <summary>Why the login is refused, if it is.</summary>
    public Refusal? Refusal => Verdict switch
    {
        BindingVerdict.TokenMismatch => new Refusal(RefusalCode.TokenMismatch, "The token read from the SE is not the one the platform issued."),
        BindingVerdict.ProofRequired => new Refusal(RefusalCode.MsisdnNotProven,
            "Binding this SE to the number needs proof of the number: request a registration code and log in with it."),
        _ => null,
    };
}
