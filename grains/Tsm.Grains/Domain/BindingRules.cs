namespace Tsm.Grains.Domain;

/// <summary>
/// The binding rules at login (requirement 5.5.2; docs/ota.md, "Rules at login") as a pure function: one SE to one
/// number, one number to many SEs.
/// <list type="number">
/// <item>The loss list comes first: a lost SE gets its Useable applications locked and is query only, whatever its binding.</item>
/// <item>Not bound (or bound to this number, registration not yet written): register.</item>
/// <item>Bound to this number: the token must match; an expired one is rotated by registering again.</item>
/// <item>Bound to another number still in service: query only.</item>
/// <item>Bound to a retired number: register to the new one; the old number's applications are blocked.</item>
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
        var fullService = verdict is not (BindingVerdict.Lost or BindingVerdict.AnotherNumber or BindingVerdict.TokenMismatch);
        return new BindingDecision(verdict, se.Registered && fullService);
    }

    private static BindingVerdict Verdict(SeBinding se, LoginAttempt login, int tokenValidityDays)
    {
        if (se.Lost)
            return BindingVerdict.Lost;
        var sameNumber = string.Equals(se.Msisdn, login.Msisdn, StringComparison.Ordinal);
        if (se.Msisdn is null || !se.Registered && sameNumber)
            return BindingVerdict.Register;
        if (sameNumber)
        {
            if (!login.TokenMatches)
                return BindingVerdict.TokenMismatch;
            return se.TokenIssued is { } issued && issued.AddDays(tokenValidityDays) < login.Today ? BindingVerdict.RotateToken : BindingVerdict.LoggedIn;
        }
        return se.NumberRetired ? BindingVerdict.RebindFromRetiredNumber : BindingVerdict.AnotherNumber;
    }
}
