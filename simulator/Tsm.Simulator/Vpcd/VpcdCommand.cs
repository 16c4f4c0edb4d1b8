using System.Globalization;
using Tsm.Simulator.Card;
using Tsm.Simulator.Cli;

namespace Tsm.Simulator.Vpcd;

/// <summary><c>vpcd</c>: runs a simulated SE as the card in pcscd's virtual reader until cancelled (Ctrl+C).</summary>
public static class VpcdCommand
{
    public const string Usage = "usage: Tsm.Simulator vpcd --seid HEX [--state FILE] [--port 35963] [--host 127.0.0.1]";

    /// <param name="args">The options after <c>vpcd</c>.</param>
    /// <param name="cardFactory">Makes the card from the SE id (hex, as given) and the state file, if any.</param>
    /// <param name="stdout">Gets a line when the card is inserted (connected) or removed.</param>
    /// <param name="stderr">Gets the usage on bad arguments.</param>
    /// <param name="cancellationToken">Stops the bridge (Ctrl+C).</param>
    /// <returns>0 once cancelled; 64 for bad arguments.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        Func<string, string?, ISmartCard> cardFactory,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(cardFactory);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args is ["--help"] or ["-h"])
        {
            await stdout.WriteLineAsync(Usage);
            return ExitCodes.Ok;
        }

        string seid;
        string? state;
        VpcdOptions options;
        try
        {
            var parsed = Options.Parse(args, "seid", "state", "port", "host");
            seid = parsed.Required("seid");
            Options.HexValue("seid", seid);
            state = parsed.Single("state");
            options = new VpcdOptions
            {
                Host = parsed.Single("host") ?? "127.0.0.1",
                Port = Port(parsed.Single("port")),
            };
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"vpcd: {ex.Message}");
            await stderr.WriteLineAsync(Usage);
            return ExitCodes.Usage;
        }

        var card = cardFactory(seid, state);
        try
        {
            var connection = new VpcdConnection(card, options);
            connection.Connected += (_, _) => stdout.WriteLine($"vpcd: SE {seid} inserted in the reader at {connection.Endpoint}");
            connection.Disconnected += (_, _) => stdout.WriteLine($"vpcd: SE {seid} removed; waiting for vpcd at {connection.Endpoint}");
            await stdout.WriteLineAsync($"vpcd: waiting for vpcd at {connection.Endpoint} (start pcscd with the vpcd driver)");
            await connection.RunAsync(cancellationToken);
            await stdout.WriteLineAsync("vpcd: stopped");
            return ExitCodes.Ok;
        }
        finally
        {
            // The command made the card, so it ends it (a card with a state file may save it here).
            if (card is IAsyncDisposable asyncDisposable)
                await asyncDisposable.DisposeAsync();
            else if (card is IDisposable disposable)
                disposable.Dispose();
        }
    }

    private static int Port(string? value)
    {
        if (value is null)
            return VpcdFraming.DefaultPort;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new UsageException($"option '--port': '{value}' is not a TCP port (1-65535)");
        return port;
    }
}
