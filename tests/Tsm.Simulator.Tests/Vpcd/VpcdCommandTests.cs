using Tsm.Simulator.Vpcd;

namespace Tsm.Simulator.Tests.Vpcd;

public sealed class VpcdCommandTests
{
    [Theory]
    [InlineData]
    [InlineData("--seid")]
    [InlineData("--seid", "XYZ")]
    [InlineData("--seid", "0102", "--port", "0")]
    [InlineData("--seid", "0102", "--port", "65536")]
    [InlineData("--seid", "0102", "--port", "http")]
    [InlineData("--seid", "0102", "--colour", "red")]
    [InlineData("0102")]
    public async Task Bad_arguments_print_the_usage_and_exit_64(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await VpcdCommand.RunAsync(args, (_, _) => throw new InvalidOperationException("no card expected"), stdout, stderr, CancellationToken.None);

        Assert.Equal(64, code);
        Assert.Contains(VpcdCommand.Usage, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await VpcdCommand.RunAsync(["--help"], (_, _) => new TestCard(), stdout, stderr, CancellationToken.None);
        Assert.Equal(0, code);
        Assert.Contains(VpcdCommand.Usage, stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_the_card_in_the_reader_until_cancelled()
    {
        await using var vpcd = FakeVpcd.Start();
        var card = new TestCard();
        (string Seid, string? State)? made = null;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = VpcdCommand.RunAsync(
            ["--seid", "0102030405060708", "--state", "se.json", "--port", vpcd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            (seid, state) => { made = (seid, state); return card; },
            TextWriter.Synchronized(stdout), stderr, stop.Token);
        await vpcd.AcceptAsync();
        await vpcd.SendControlAsync(4);
        Assert.Equal(TestCard.FixedAtr, await vpcd.ReceiveFrameAsync());
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(("0102030405060708", "se.json"), made);
        Assert.Contains($"SE 0102030405060708 inserted in the reader at 127.0.0.1:{vpcd.Port}", stdout.ToString(), StringComparison.Ordinal);
        Assert.True(card.Disposed);
        Assert.Empty(stderr.ToString());
    }
}
