using Tsm.Grains.Management.Providers;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Management;

public sealed class ProviderLifecycleTests
{
    [Theory]
    [InlineData(ProviderStatus.Pending, ProviderAction.Approve, ProviderStatus.Approved)]
    [InlineData(ProviderStatus.Pending, ProviderAction.Reject, ProviderStatus.Rejected)]
    [InlineData(ProviderStatus.Approved, ProviderAction.Blacklist, ProviderStatus.Blacklisted)]
    [InlineData(ProviderStatus.Blacklisted, ProviderAction.Restore, ProviderStatus.Approved)]
    [InlineData(ProviderStatus.Approved, ProviderAction.Deregister, ProviderStatus.Deregistered)]
    [InlineData(ProviderStatus.Blacklisted, ProviderAction.Deregister, ProviderStatus.Deregistered)]
    public void Allowed_transitions_lead_to_their_state(ProviderStatus from, ProviderAction action, ProviderStatus to) =>
        Assert.Equal(to, ProviderLifecycle.Next(from, action));

    [Fact]
    public void Every_other_transition_is_refused_as_a_state_conflict()
    {
        var allowed = new HashSet<(ProviderStatus, ProviderAction)>
        {
            (ProviderStatus.Pending, ProviderAction.Approve), (ProviderStatus.Pending, ProviderAction.Reject),
            (ProviderStatus.Approved, ProviderAction.Blacklist), (ProviderStatus.Blacklisted, ProviderAction.Restore),
            (ProviderStatus.Approved, ProviderAction.Deregister), (ProviderStatus.Blacklisted, ProviderAction.Deregister),
        };
        var refused = 0;
        foreach (var from in Enum.GetValues<ProviderStatus>())
        {
            foreach (var action in Enum.GetValues<ProviderAction>())
            {
                if (allowed.Contains((from, action)))
                    continue;
                var e = Assert.Throws<RefusedException>(() => ProviderLifecycle.Next(from, action));
                Assert.Equal(RefusalCode.ProviderStateConflict, e.Code);
                Assert.Contains(from.Name(), e.Message, StringComparison.Ordinal);
                refused++;
            }
        }
        Assert.Equal(5 * 5 - 6, refused);
    }

    [Fact]
    public void A_second_approval_says_the_registration_was_decided()
    {
        var e = Assert.Throws<RefusedException>(() => ProviderLifecycle.Next(ProviderStatus.Approved, ProviderAction.Approve));
        Assert.Contains("decided already", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice", "ALICE")]
    public void The_registrant_cannot_approve(string registrant, string approver)
    {
        var e = Assert.Throws<RefusedException>(() => ProviderLifecycle.CheckApprover(registrant, approver));
        Assert.Equal(RefusalCode.SelfApproval, e.Code);
    }

    [Fact]
    public void Another_operator_may_approve() => ProviderLifecycle.CheckApprover("alice", "bob");

    [Fact]
    public void Deregistration_waits_for_every_application_to_be_archived()
    {
        var e = Assert.Throws<RefusedException>(() => ProviderLifecycle.CheckDeregistration(2));
        Assert.Equal(RefusalCode.ProviderHasApplications, e.Code);
        Assert.Contains("2 application", e.Message, StringComparison.Ordinal);
        ProviderLifecycle.CheckDeregistration(0);
    }

    [Theory]
    [InlineData(ProviderAction.Reject, null, true)]
    [InlineData(ProviderAction.Blacklist, "  ", true)]
    [InlineData(ProviderAction.Restore, "", true)]
    [InlineData(ProviderAction.Restore, "paid the fine", false)]
    [InlineData(ProviderAction.Approve, null, false)]
    [InlineData(ProviderAction.Deregister, null, false)]
    public void Rejection_blacklisting_and_restoring_need_a_reason(ProviderAction action, string? reason, bool problem) =>
        Assert.Equal(problem, ProviderLifecycle.CheckReason(action, reason) is not null);

    [Fact]
    public void A_reason_is_bounded() =>
        Assert.NotNull(ProviderLifecycle.CheckReason(ProviderAction.Reject, new string('x', ProviderLifecycle.MaxReasonLength + 1)));

    [Theory]
    [InlineData(ProviderStatus.Blacklisted, true)]
    [InlineData(ProviderStatus.Deregistered, true)]
    [InlineData(ProviderStatus.Approved, false)]
    [InlineData(ProviderStatus.Pending, false)]
    public void Blacklisted_and_deregistered_providers_are_blocked(ProviderStatus status, bool blocked) =>
        Assert.Equal(blocked, status.IsBlocked());

    [Fact]
    public void Status_names_round_trip()
    {
        foreach (var status in Enum.GetValues<ProviderStatus>())
        {
            Assert.True(ProviderStatusNames.TryParse(status.Name(), out var parsed));
            Assert.Equal(status, parsed);
        }
        Assert.False(ProviderStatusNames.TryParse("approvedx", out _));
    }
}
