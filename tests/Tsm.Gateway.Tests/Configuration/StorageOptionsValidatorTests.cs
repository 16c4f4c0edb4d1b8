using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Tests.Configuration;

/// <summary>Storage settings checked at start (docs/configuration.md, "Storage").</summary>
public sealed class StorageOptionsValidatorTests
{
    private static bool Valid(StorageOptions options) => new StorageOptionsValidator().Validate(null, options).Succeeded;

    [Theory]
    [InlineData("00:00:01", true)]
    [InlineData("00:00:30", true)]
    [InlineData("00:10:00", true)]
    [InlineData("00:00:00", false)]
    [InlineData("00:00:00.500", false)]
    [InlineData("00:00:01.500", false)]
    [InlineData("00:10:01", false)]
    [InlineData("-00:00:05", false)]
    public void The_sqlite_busy_timeout_is_whole_seconds_from_one_second_to_ten_minutes(string timeout, bool valid) =>
        Assert.Equal(valid, Valid(new StorageOptions { SqlitePath = "/tmp/tsm.db", SqliteBusyTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) }));

    [Fact]
    public void The_default_busy_timeout_is_thirty_seconds_and_valid() =>
        Assert.True(Valid(new StorageOptions { SqlitePath = "/tmp/tsm.db" }) && new StorageOptions().SqliteBusyTimeout == TimeSpan.FromSeconds(30));
}
