using Microsoft.Extensions.Logging;
using Tsm.Simulator.Card;
using Tsm.Simulator.Vpcd;
using Tsm.Testing;

namespace Tsm.Simulator.Tests.Vpcd;

/// <summary>The card side of vpcd against a fake reader that speaks the real framing over loopback TCP.</summary>
public sealed class VpcdConnectionTests
{
    private static readonly byte[] SelectIsd = Convert.FromHexString("00A4040008A000000151000000");

    [Fact]
    public async Task Power_on_then_get_ATR_answers_the_ATR()
    {
        await using var vpcd = FakeVpcd.Start();
        var card = new TestCard();
        await using var bridge = Bridge.Start(card, vpcd.Port);
        await vpcd.AcceptAsync();

        await vpcd.SendControlAsync(1);
        await vpcd.SendControlAsync(4);

        Assert.Equal(TestCard.FixedAtr, await vpcd.ReceiveFrameAsync());
        Assert.True(card.IsPowered);
        Assert.Equal(["power on"], card.Events);
    }

    [Fact]
    public async Task Power_off_and_reset_reach_the_card_without_an_answer()
    {
        await using var vpcd = FakeVpcd.Start();
        var card = new TestCard();
        await using var bridge = Bridge.Start(card, vpcd.Port);
        await vpcd.AcceptAsync();

        await vpcd.SendControlAsync(1);
        await vpcd.SendControlAsync(2);
        await vpcd.SendControlAsync(0);
        await vpcd.SendControlAsync(3); // unknown: ignored
        await vpcd.SendFrameAsync(SelectIsd);

        // The first answer is the SELECT's: control codes got none.
        Assert.Equal([0x90, 0x00], await vpcd.ReceiveFrameAsync());
        Assert.Equal(["power on", "reset", "power off", "apdu " + Convert.ToHexString(SelectIsd)], card.Events);
    }

    [Fact]
    public async Task An_APDU_gets_the_card_s_response()
    {
        await using var vpcd = FakeVpcd.Start();
        await using var bridge = Bridge.Start(new TestCard(), vpcd.Port);
        await vpcd.AcceptAsync();

        await vpcd.SendFrameAsync(SelectIsd);
        Assert.Equal([0x90, 0x00], await vpcd.ReceiveFrameAsync());
        await vpcd.SendFrameAsync(0x80, 0xCA, 0x00, 0x66, 0x00);
        Assert.Equal([0x80, 0xCA, 0x00, 0x66, 0x00, 0x90, 0x00], await vpcd.ReceiveFrameAsync());
    }

    [Fact]
    public async Task A_frame_sent_byte_by_byte_is_answered_once_whole()
    {
        await using var vpcd = FakeVpcd.Start();
        await using var bridge = Bridge.Start(new TestCard(), vpcd.Port);
        await vpcd.AcceptAsync();

        byte[] frame = [0x00, (byte)SelectIsd.Length, .. SelectIsd];
        foreach (var b in frame)
        {
            await vpcd.SendRawAsync(b);
            await Task.Yield();
        }

        Assert.Equal([0x90, 0x00], await vpcd.ReceiveFrameAsync());
    }

    [Fact]
    public async Task Frames_sent_together_are_answered_in_order()
    {
        await using var vpcd = FakeVpcd.Start();
        await using var bridge = Bridge.Start(new TestCard(), vpcd.Port);
        await vpcd.AcceptAsync();

        await vpcd.SendRawAsync([0x00, 0x01, 0x04, 0x00, 0x04, 0x80, 0x50, 0x00, 0x00, 0x00, 0x01, 0x04]);

        Assert.Equal(TestCard.FixedAtr, await vpcd.ReceiveFrameAsync());
        Assert.Equal([0x80, 0x50, 0x00, 0x00, 0x90, 0x00], await vpcd.ReceiveFrameAsync());
        Assert.Equal(TestCard.FixedAtr, await vpcd.ReceiveFrameAsync());
    }

    [Fact]
    public async Task An_empty_frame_drops_the_connection_and_the_card_reconnects()
    {
        await using var vpcd = FakeVpcd.Start();
        await using var bridge = Bridge.Start(new TestCard(), vpcd.Port);
        await vpcd.AcceptAsync();

        await vpcd.SendRawAsync(0x00, 0x00);
        Assert.True(await vpcd.ClosedByPeerAsync());

        await vpcd.AcceptAsync();
        await vpcd.SendControlAsync(4);
        Assert.Equal(TestCard.FixedAtr, await vpcd.ReceiveFrameAsync());
    }

    [Fact]
    public async Task An_oversize_length_drops_the_connection_before_the_body_arrives()
    {
        await using var vpcd = FakeVpcd.Start();
        var logger = new ListLogger();
        var options = new VpcdOptions { Port = vpcd.Port, MaxPayloadLength = 261, ReconnectDelay = TimeSpan.FromMilliseconds(20) };
        await using var bridge = Bridge.Start(new TestCard(), options, logger);
        await vpcd.AcceptAsync();

        await vpcd.SendRawAsync(0x01, 0x2C); // 300 bytes announced, none sent
        Assert.True(await vpcd.ClosedByPeerAsync());
        Assert.Contains(logger.Lines, l => l.Contains("Malformed", StringComparison.Ordinal));

        await vpcd.AcceptAsync();
        await vpcd.SendFrameAsync(SelectIsd);
        Assert.Equal([0x90, 0x00], await vpcd.ReceiveFrameAsync());
    }

    [Fact]
    public async Task A_dropped_reader_is_reconnected()
    {
        await using var vpcd = FakeVpcd.Start();
        var card = new TestCard();
        await using var bridge = Bridge.Start(card, vpcd.Port);
        await vpcd.AcceptAsync();
        await vpcd.SendRawAsync(0x00, 0x05, 0x00); // the reader goes away inside a frame
        vpcd.DropClient();

        await vpcd.AcceptAsync();
        await vpcd.SendControlAsync(4);
        Assert.Equal(TestCard.FixedAtr, await vpcd.ReceiveFrameAsync());
        Assert.Equal(2, bridge.Connections);
    }

    [Fact]
    public async Task The_card_waits_for_a_reader_that_starts_later()
    {
        var port = FreePort();
        await using var bridge = Bridge.Start(new TestCard(), port);
        await Task.Delay(300); // a few refused attempts

        await using var vpcd = FakeVpcd.Start(port);
        await vpcd.AcceptAsync();
        await vpcd.SendControlAsync(4);
        Assert.Equal(TestCard.FixedAtr, await vpcd.ReceiveFrameAsync());
    }

    [Fact]
    public async Task Key_carrying_commands_are_logged_by_INS_and_SW_only()
    {
        await using var vpcd = FakeVpcd.Start();
        var logger = new ListLogger();
        await using var bridge = Bridge.Start(new TestCard(), new VpcdOptions { Port = vpcd.Port }, logger);
        await vpcd.AcceptAsync();

        const string Key = "404142434445464748494A4B4C4D4E4F";
        foreach (var apdu in new[] { "80D8018110" + Key, "80E2800010" + Key, "80CA006610" + Key })
        {
            await vpcd.SendFrameAsync(Convert.FromHexString(apdu));
            await vpcd.ReceiveFrameAsync();
        }

        Assert.Contains(logger.Lines, l => l.Contains("INS D8", StringComparison.Ordinal) && l.Contains("SW 9000", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Contains("INS E2", StringComparison.Ordinal));
        // Only the harmless GET DATA shows its body.
        Assert.Single(logger.Lines, l => l.Contains(Key, StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Contains("80CA0066", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_ends_the_run_normally()
    {
        await using var vpcd = FakeVpcd.Start();
        var bridge = Bridge.Start(new TestCard(), vpcd.Port);
        await vpcd.AcceptAsync();

        await bridge.DisposeAsync(); // cancels and awaits RunAsync: throws if it faulted
        Assert.True(await vpcd.ClosedByPeerAsync());
    }

    internal static int FreePort() => LoopbackPort.Free();

    /// <summary>Runs a <see cref="VpcdConnection"/> in the background until disposed.</summary>
    private sealed class Bridge : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;
        private int _connections;

        private Bridge(VpcdConnection connection)
        {
            connection.Connected += (_, _) => Interlocked.Increment(ref _connections);
            _run = connection.RunAsync(_stop.Token);
        }

        public int Connections => Volatile.Read(ref _connections);

        public static Bridge Start(ISmartCard card, int port) =>
            Start(card, new VpcdOptions { Port = port, ReconnectDelay = TimeSpan.FromMilliseconds(20) });

        public static Bridge Start(ISmartCard card, VpcdOptions options, ILogger? logger = null) =>
            new(new VpcdConnection(card, options, logger));

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
            _stop.Dispose();
        }
    }
}
