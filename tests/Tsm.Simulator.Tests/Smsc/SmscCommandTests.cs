using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Cli;
using Tsm.Simulator.Smsc;

namespace Tsm.Simulator.Tests.Smsc;

/// <summary>The <c>smsc</c> command: options, and a run that delivers an MO typed on standard input.</summary>
public sealed class SmscCommandTests
{
    [Fact]
    public void Options_map_to_the_smpp_simulator()
    {
        var options = SmscCommand.Parse(["--smpp-port", "2775", "--account", "tsm:p:w", "--receipt-delay", "250", "--receipt-id", "decimal",
            "--throttle-above", "100", "--drop-every", "20", "--response-delay", "5", "--refuse-binds", "--undeliverable", "861"]);
        var smpp = options.Smpp!;
        Assert.Equal(2775, smpp.Port);
        Assert.Equal("p:w", smpp.Accounts["tsm"]);
        Assert.Equal(TimeSpan.FromMilliseconds(250), smpp.ReceiptDelay);
        Assert.True(smpp.ReceiptIdInDecimal);
        Assert.Equal(100, smpp.ThrottleAbove);
        Assert.Equal(20, smpp.DropEvery);
        Assert.Equal(TimeSpan.FromMilliseconds(5), smpp.ResponseDelay);
        Assert.True(smpp.RefuseBinds);
        Assert.Contains("861", smpp.UndeliverableDestinations);
        Assert.True(smpp.Receipts);
    }

    [Theory]
    [InlineData("--account", "nopassword")]
    [InlineData("--smpp-port", "70000")]
    [InlineData("--receipt-id", "octal")]
    [InlineData("--cmpp-port", "70000")]
    public async Task Bad_options_are_usage_errors(string name, string value)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var args = name == "--smpp-port" ? new[] { name, value } : ["--smpp-port", "0", name, value];
        Assert.Equal(ExitCodes.Usage, await SmscCommand.RunAsync(args, TextReader.Null, stdout, stderr, CancellationToken.None));
        Assert.Contains("usage:", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_runs_until_cancelled_and_delivers_mo_typed_on_stdin()
    {
        using var stop = new CancellationTokenSource();
        using var stdout = new StringWriter();
        // A reader that yields one MO line once the ESME is bound.
        var lines = new BlockingReader();
        var run = Task.Run(() => SmscCommand.RunAsync(["--smpp-port", "0"], lines, TextWriter.Synchronized(stdout), TextWriter.Null, stop.Token));
        var port = await PortAsync(stdout);
        using var wire = await SmppWire.ConnectAsync(port);
        Assert.Equal(SmppStatus.ROK, (await wire.CallAsync(new Bind { SystemId = "any", Password = "x", Sequence = 1 })).Status);
        lines.Add("mo any 8613900000000 10657 HELLO THERE");
        var mo = Assert.IsType<DeliverSm>(await wire.ReceiveAsync());
        Assert.Equal("HELLO THERE", System.Text.Encoding.ASCII.GetString(mo.ShortMessage.Span));
        await wire.SendAsync(new DeliverSmResp { Sequence = mo.Sequence });
        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        lines.Add(null);
    }

    private static async Task<int> PortAsync(StringWriter stdout)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var text = stdout.ToString();
            var at = text.IndexOf("127.0.0.1:", StringComparison.Ordinal);
            if (at >= 0 && text.IndexOf('\n', at) is var end and > 0)
                return int.Parse(text[(at + 10)..end].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(10, cts.Token);
        }
    }

    private sealed class BlockingReader : TextReader
    {
        private readonly System.Threading.Channels.Channel<string?> _lines = System.Threading.Channels.Channel.CreateUnbounded<string?>();

        public void Add(string? line) => _lines.Writer.TryWrite(line);

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => await _lines.Reader.ReadAsync(cancellationToken);
    }
}
