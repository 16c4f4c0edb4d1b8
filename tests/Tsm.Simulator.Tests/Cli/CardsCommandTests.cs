using Tsm.Simulator.Card;
using Tsm.Simulator.Cli;

namespace Tsm.Simulator.Tests.Cli;

public sealed class CardsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tsm-cards-").FullName;

    [Fact]
    public void New_writes_a_fresh_card_state_file()
    {
        var path = Path.Combine(_dir, "card.json");
        var result = CliResult.Run("cards", "new", "--seid", "8600 0000 0000 0000 0042", "--state", path);
        Assert.Equal(0, result.ExitCode);
        var image = CardStateFile.Load(path);
        Assert.Equal("86000000000000000042", image.SeId);
        Assert.Equal(CardFactory.GlobalPlatformTestKey, image.Applications[0].SecurityDomain!.KeySets[0].Enc);
    }

    [Fact]
    public void Batch_writes_one_state_file_per_seid_of_the_profile()
    {
        var profile = Path.Combine(_dir, "batch.json");
        File.WriteAllText(profile, """
            { "name": "B2026-11", "firstSeId": "860000000000000000FE", "count": 3,
              "masterKey": "404142434445464748494A4B4C4D4E4F", "diversification": "visa2",
              "nonVolatileBytes": 262144, "volatileBytes": 4096, "javaCardVersion": "3.0.5" }
            """);
        var result = CliResult.Run("cards", "batch", "--profile", profile, "--out", Path.Combine(_dir, "out"));
        Assert.Equal(0, result.ExitCode);
        var files = Directory.GetFiles(Path.Combine(_dir, "out")).Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["860000000000000000FE", "860000000000000000FF", "86000000000000000100"], files);
        var card = CardStateFile.Load(Path.Combine(_dir, "out", "86000000000000000100.json"));
        Assert.Equal(262144, card.Memory.NonVolatileTotal);
        Assert.NotEqual(CardFactory.GlobalPlatformTestKey, card.Applications[0].SecurityDomain!.KeySets[0].Enc);
        Assert.Equal("3.0.5", card.Versions["javaCard"]);
    }

    [Theory]
    [InlineData("cards")]
    [InlineData("cards", "new", "--seid", "zz", "--state", "x.json")]
    [InlineData("cards", "batch", "--out", "x")]
    public void Bad_arguments_exit_64(params string[] args)
    {
        var result = CliResult.Run(args);
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("usage:", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_missing_or_broken_profile_is_reported()
    {
        var profile = Path.Combine(_dir, "broken.json");
        File.WriteAllText(profile, "{ not json");
        Assert.Equal(2, CliResult.Run("cards", "batch", "--profile", profile, "--out", _dir).ExitCode);
        Assert.Equal(2, CliResult.Run("cards", "batch", "--profile", Path.Combine(_dir, "none.json"), "--out", _dir).ExitCode);
    }

    [Fact]
    public void The_vpcd_card_comes_from_its_state_file_when_there_is_one()
    {
        var path = Path.Combine(_dir, "vpcd.json");
        var first = (SimulatedCard)CommandLine.OpenCard("86000000000000000007", path);
        first.Image.Applications[0].SecurityDomain!.KeySets[0].SequenceCounter = 41;
        first.Save();
        var again = (SimulatedCard)CommandLine.OpenCard("86000000000000000007", path);
        Assert.Equal(41, again.Image.Applications[0].SecurityDomain!.KeySets[0].SequenceCounter);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
