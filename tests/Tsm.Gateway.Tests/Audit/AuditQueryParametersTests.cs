using Tsm.Gateway.Audit;

namespace Tsm.Gateway.Tests.Audit;

public sealed class AuditQueryParametersTests
{
    private static AuditQueryParameters Empty => new(null, null, null, null, null, null, null, null, null);

    [Fact]
    public void No_parameters_is_the_first_page_of_everything()
    {
        var (query, problems) = Empty.Parse();
        Assert.Empty(problems);
        Assert.Equal(new AuditQuery(), query);
    }

    [Fact]
    public void Every_parameter_maps_to_its_filter()
    {
        var (query, problems) = new AuditQueryParameters(
            "2025-06-01T00:00:00+08:00", "2025-06-02", "alice", "accounts.", "bob", "refused:403", "4401", "77", "20").Parse();
        Assert.Empty(problems);
        Assert.Equal(new AuditQuery
        {
            From = new DateTimeOffset(2025, 5, 31, 16, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero),
            Actor = "alice",
            ActionPrefix = "accounts.",
            Target = "bob",
            Outcome = "refused:403",
            RegionPrefix = "4401",
            Before = 77,
            Limit = 20,
        }, query);
    }

    [Fact]
    public void Every_bad_value_is_named()
    {
        var (query, problems) = new AuditQueryParameters("x", "y", "", null, new string('t', 501), "nope", "44-01", "0", "0").Parse();
        Assert.Null(query);
        Assert.Equal(8, problems.Count);
    }
}
