using Tsm.Grains.Domain;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Domain;

/// <summary>The binding rules at login (docs/requirements.md 5.5.2) as a pure decision: no silo, no HTTP.</summary>
public sealed class BindingRulesTests
{
    private const string Number = "13800138000";
    private const string OtherNumber = "13900139000";
    private const int Validity = 30;
    private static readonly DateOnly Today = new(2025, 3, 1);

    /// <summary>A login; the number is proven (a registration code or the network gateway) unless said otherwise.</summary>
    private static BindingDecision Decide(SeBinding se, string msisdn = Number, bool tokenMatches = true, bool proven = true) =>
        BindingRules.Decide(se, new LoginAttempt(msisdn, tokenMatches, Today, proven), Validity);

    private static SeBinding BoundTo(string msisdn, DateOnly? issued = null) => new(msisdn, Registered: true, issued ?? Today.AddDays(-1));

    [Fact]
    public void The_first_login_registers_the_SE_to_the_number()
    {
        var decision = Decide(new SeBinding(null, Registered: false, null), tokenMatches: false);
        Assert.Equal(BindingVerdict.Register, decision.Verdict);
        Assert.True(decision.Registers);
        Assert.False(decision.QueryOnly);
        Assert.False(decision.QueuesDueKeyUpdates); // nothing of the platform's is on an SE not registered yet
        Assert.Null(decision.Refusal);
    }

    [Fact]
    public void A_login_while_the_registration_to_this_number_is_not_written_registers_again()
    {
        var decision = Decide(new SeBinding(Number, Registered: false, Today));
        Assert.Equal(BindingVerdict.Register, decision.Verdict);
    }

    [Fact]
    public void Binding_needs_the_number_proven_and_a_refusal_says_so()
    {
        var first = Decide(new SeBinding(null, Registered: false, null), tokenMatches: false, proven: false);
        Assert.Equal(BindingVerdict.ProofRequired, first.Verdict);
        Assert.Equal(RefusalCode.MsisdnNotProven, first.Refusal?.Code);
        Assert.False(first.Registers);
        Assert.Equal(BindingVerdict.ProofRequired, Decide(new SeBinding(Number, Registered: false, Today), proven: false).Verdict);
        Assert.Equal(BindingVerdict.ProofRequired, Decide(BoundTo(OtherNumber) with { NumberRetired = true }, tokenMatches: false, proven: false).Verdict);
        // A bound SE's own number logs in with its token alone: the token is the proof of holding the SE.
        Assert.Equal(BindingVerdict.LoggedIn, Decide(BoundTo(Number), proven: false).Verdict);
        Assert.Equal(BindingVerdict.AnotherNumber, Decide(BoundTo(OtherNumber), tokenMatches: false, proven: false).Verdict);
    }

    [Fact]
    public void A_proven_number_replaces_a_registration_to_another_number_not_yet_written()
    {
        var decision = Decide(new SeBinding(OtherNumber, Registered: false, Today));
        Assert.Equal(BindingVerdict.Register, decision.Verdict);
        Assert.True(decision.Registers);
    }

    [Fact]
    public void The_same_number_with_its_token_logs_in_and_gets_the_due_key_updates()
    {
        var decision = Decide(BoundTo(Number));
        Assert.Equal(new BindingDecision(BindingVerdict.LoggedIn, QueuesDueKeyUpdates: true), decision);
        Assert.False(decision.Registers);
        Assert.False(decision.QueryOnly);
    }

    [Fact]
    public void The_same_number_with_another_token_is_refused()
    {
        var decision = Decide(BoundTo(Number), tokenMatches: false);
        Assert.Equal(BindingVerdict.TokenMismatch, decision.Verdict);
        Assert.Equal(RefusalCode.TokenMismatch, decision.Refusal?.Code);
        Assert.False(decision.Registers);
        Assert.False(decision.QueuesDueKeyUpdates);
    }

    [Theory]
    [InlineData(-Validity, BindingVerdict.LoggedIn)]
    [InlineData(-Validity - 1, BindingVerdict.RotateToken)]
    public void An_expired_token_is_rotated_by_registering_again(int issuedDaysAgo, BindingVerdict verdict)
    {
        var decision = Decide(BoundTo(Number, Today.AddDays(issuedDaysAgo)));
        Assert.Equal(verdict, decision.Verdict);
        Assert.Equal(verdict == BindingVerdict.RotateToken, decision.Registers);
        Assert.True(decision.QueuesDueKeyUpdates);
    }

    [Fact]
    public void An_expired_token_that_does_not_match_is_refused_not_rotated() =>
        Assert.Equal(BindingVerdict.TokenMismatch, Decide(BoundTo(Number, Today.AddYears(-1)), tokenMatches: false).Verdict);

    [Fact]
    public void Another_number_still_in_service_may_only_look()
    {
        var decision = Decide(BoundTo(OtherNumber), tokenMatches: false);
        Assert.Equal(BindingVerdict.AnotherNumber, decision.Verdict);
        Assert.True(decision.QueryOnly);
        Assert.False(decision.Registers);
        Assert.False(decision.BlocksPreviousNumbersApplications);
        Assert.False(decision.QueuesDueKeyUpdates);
        Assert.Null(decision.Refusal);
    }

    [Fact]
    public void A_retired_number_gives_way_to_the_new_one_and_its_applications_are_blocked()
    {
        var decision = Decide(BoundTo(OtherNumber) with { NumberRetired = true }, tokenMatches: false);
        Assert.Equal(BindingVerdict.RebindFromRetiredNumber, decision.Verdict);
        Assert.True(decision.Registers);
        Assert.True(decision.BlocksPreviousNumbersApplications);
        Assert.False(decision.QueryOnly);
    }

    [Fact]
    public void A_number_that_left_the_network_no_longer_logs_in_even_with_the_SEs_token_until_a_number_is_proven_again()
    {
        // Requirement 5.5.6: the binding ended with the notice; the token on the card proves the phone, not the number.
        var departed = BoundTo(Number) with { NumberRetired = true };
        var unproven = Decide(departed, proven: false);
        Assert.Equal(BindingVerdict.ProofRequired, unproven.Verdict);
        Assert.NotNull(unproven.Refusal);
        Assert.False(unproven.QueuesDueKeyUpdates);
        var proven = Decide(departed);
        Assert.Equal(BindingVerdict.RebindFromRetiredNumber, proven.Verdict);
        Assert.True(proven.Registers);
        Assert.True(proven.BlocksPreviousNumbersApplications);
    }

    [Theory]
    [InlineData(Number, true)]
    [InlineData(Number, false)]
    [InlineData(OtherNumber, false)]
    public void A_lost_SE_locks_its_useable_applications_and_may_only_be_looked_at_whoever_logs_in(string msisdn, bool tokenMatches)
    {
        var decision = Decide(BoundTo(Number) with { Lost = true }, msisdn, tokenMatches);
        Assert.Equal(BindingVerdict.Lost, decision.Verdict);
        Assert.True(decision.LocksUseableApplications);
        Assert.True(decision.QueryOnly);
        Assert.False(decision.Registers);
        Assert.False(decision.QueuesDueKeyUpdates);
        Assert.Null(decision.Refusal);
    }
}
