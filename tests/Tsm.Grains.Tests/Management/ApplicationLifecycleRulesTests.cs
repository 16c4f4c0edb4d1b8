using Tsm.Grains.Catalogue;
using Tsm.Grains.Management.Applications;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Tests.Management;

/// <summary>The lifecycle of requirement 5.4.4: every (state, action) pair, allowed or refused.</summary>
public sealed class ApplicationLifecycleRulesTests
{
    private static readonly Dictionary<(ApplicationStatus, ApplicationAction), ApplicationStatus> Allowed = new()
    {
        [(ApplicationStatus.Initial, ApplicationAction.Approve)] = ApplicationStatus.Reviewed,
        [(ApplicationStatus.Initial, ApplicationAction.Reject)] = ApplicationStatus.Initial,
        [(ApplicationStatus.Reviewed, ApplicationAction.Reject)] = ApplicationStatus.Initial,
        [(ApplicationStatus.Reviewed, ApplicationAction.PassTest)] = ApplicationStatus.Tested,
        [(ApplicationStatus.Reviewed, ApplicationAction.FailTest)] = ApplicationStatus.Reviewed,
        [(ApplicationStatus.Tested, ApplicationAction.PassTest)] = ApplicationStatus.Tested,
        [(ApplicationStatus.Tested, ApplicationAction.FailTest)] = ApplicationStatus.Tested,
        [(ApplicationStatus.Tested, ApplicationAction.Publish)] = ApplicationStatus.Published,
        [(ApplicationStatus.Published, ApplicationAction.Archive)] = ApplicationStatus.Archiving,
        [(ApplicationStatus.Archiving, ApplicationAction.FinishArchiving)] = ApplicationStatus.Archived,
    };

    public static TheoryData<ApplicationStatus, ApplicationAction> EveryPair()
    {
        var data = new TheoryData<ApplicationStatus, ApplicationAction>();
        foreach (var status in Enum.GetValues<ApplicationStatus>())
        {
            foreach (var action in Enum.GetValues<ApplicationAction>())
                data.Add(status, action);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Each_pair_is_allowed_exactly_as_the_table_says(ApplicationStatus from, ApplicationAction action)
    {
        if (Allowed.TryGetValue((from, action), out var expected))
        {
            Assert.Equal(expected, ApplicationLifecycle.Next(from, action));
            return;
        }
        Assert.Null(ApplicationLifecycle.TryNext(from, action));
        var refused = Assert.Throws<RefusedException>(() => ApplicationLifecycle.Next(from, action));
        Assert.Equal(RefusalCode.ApplicationTransitionRefused, refused.Refusal.Code);
        Assert.Contains(ApplicationLifecycle.NameOf(from), refused.Refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_covers_the_whole_walk_and_nothing_leaves_archived()
    {
        var status = ApplicationStatus.Initial;
        foreach (var action in new[] { ApplicationAction.Approve, ApplicationAction.PassTest, ApplicationAction.Publish, ApplicationAction.Archive, ApplicationAction.FinishArchiving })
            status = ApplicationLifecycle.Next(status, action);
        Assert.Equal(ApplicationStatus.Archived, status);
        Assert.All(Enum.GetValues<ApplicationAction>(), a => Assert.Null(ApplicationLifecycle.TryNext(ApplicationStatus.Archived, a)));
        Assert.All(Enum.GetValues<ApplicationAction>(), a => Assert.Null(ApplicationLifecycle.TryNext(ApplicationStatus.Defined, a)));
    }

    [Theory]
    [InlineData("published", true)]
    [InlineData("ARCHIVING", true)]
    [InlineData("3", false)]
    [InlineData("deleted", false)]
    [InlineData(null, false)]
    public void State_names_parse(string? name, bool parses) => Assert.Equal(parses, ApplicationLifecycle.TryParse(name, out _));

    [Fact]
    public void The_version_id_is_aid_provider_version_and_upload_day()
    {
        Assert.Equal("A000000333010101-1.2-20261207",
            ApplicationVersionId.Of("a000000333010101", "1.2", new DateTimeOffset(2026, 12, 7, 23, 59, 0, TimeSpan.Zero)));
        Assert.Equal("A000000333010101-1.2-20261207",
            ApplicationVersionId.Of("A000000333010101", "1.2", new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.FromHours(8))));
        Assert.False(ApplicationVersionId.IsWellFormed("a/b"));
        Assert.True(ApplicationVersionId.IsWellFormed("A000000333010101-configured"));
    }
}
