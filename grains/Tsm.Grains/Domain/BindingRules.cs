namespace Tsm.Grains.Domain;

/// <summary>
/// The binding rules at login (requirement 5.5.2; docs/ota.md, "Rules at login") as a pure function: one SE to one
/// number, one number to many SEs.
/// <list type="number">
/// <item>The loss list comes first: a lost SE gets its Useable applications locked and is query only, whatever its binding.</item>
/// <item>Not registered yet (not bound, or a registration to any number not yet written to the card): register, when the number is proven (the latest proven number replaces a registration not yet written).</item>
/// <item>Bound to this number: the token must match; an expired one is rotated by registering again.</item>
/// <item>Bound to another number still in service: query only.</item>
/// <item>Bound to a retired number (one that left the network): register to the number now proven (the same digits included: a number given to a new user); the old number's applications are blocked.</item>
/// </list>
/// A registered SE in full service also gets the operator SDs' due key updates (requirement 5.3.1).
/// </summary>
public static class BindingRules
{
    public static BindingDecision Decide(SeBinding se, LoginAttempt login, int tokenValidityDays)
    {
        ArgumentNullException.ThrowIfNull(se);
        ArgumentNullException.ThrowIfNull(login);
        var verdict = Verdict(se, login, tokenValidityDays);
        var fullService = verdict is not (BindingVerdict.Lost or BindingVerdict.AnotherNumber or BindingVerdict.TokenMismatch or BindingVerdict.ProofRequired);
        return new BindingDecision(verdict, se.Registered && fullService);
    }

    private static BindingVerdict Verdict(SeBinding se, LoginAttempt login, int tokenValidityDays)
    {
        if (se.Lost)
            return BindingVerdict.Lost;
        var sameNumber = string.Equals(se.Msisdn, login.Msisdn, StringComparison.Ordinal);
        // Nothing is on the card yet: whoever proves a number may bind it, the latest proof replacing a pending one.
        if (se.Msisdn is null || !se.Registered)
            return login.MsisdnProven ? BindingVerdict.Register : BindingVerdict.ProofRequired;
        // A number that left the network is no longer its former user's, whoever logs in with it now.
        if (se.NumberRetired)
            return login.MsisdnProven ? BindingVerdict.RebindFromRetiredNumber : BindingVerdict.ProofRequired;
        if (sameNumber)
        {
            if (!login.TokenMatches)
                return BindingVerdict.TokenMismatch;
            return se.TokenIssued is { } issued && issued.AddDays(tokenValidityDays) < login.Today ? BindingVerdict.RotateToken : BindingVerdict.LoggedIn;
        }
        return BindingVerdict.AnotherNumber;
    }
}
