using Tsm.Gateway.Api;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Tests.Api;

/// <summary>The gateway's one table from domain refusals to HTTP.</summary>
public sealed class RefusalProblemsTests
{
    public static TheoryData<RefusalCode> Codes() => [.. Enum.GetValues<RefusalCode>()];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_refusal_has_its_own_row_with_a_client_error_status(RefusalCode code)
    {
        var (status, title) = RefusalProblems.Of(code);
        Assert.InRange(status, 400, 499);
        Assert.NotEqual("Refused", title);
        Assert.False(string.IsNullOrWhiteSpace(title));
    }

    [Theory]
    [InlineData(RefusalCode.TokenMismatch, 401)]
    [InlineData(RefusalCode.NotYourApplication, 403)]
    [InlineData(RefusalCode.UnknownTask, 404)]
    [InlineData(RefusalCode.KeysUpToDate, 409)]
    [InlineData(RefusalCode.PushSerialExpired, 410)]
    [InlineData(RefusalCode.BadCommands, 400)]
    public void Refusals_map_to_the_status_their_meaning_calls_for(RefusalCode code, int status) =>
        Assert.Equal(status, RefusalProblems.Of(code).Status);
}
