using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Tsm.Protocol;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Cli;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Simulator.Smsc;

/// <summary>What <c>smsc</c> starts: one options record per protocol (null: that server is not started).</summary>
/// <param name="Smpp">The SMPP 3.4 SMSC (<c>--smpp-port</c>).</param>
public sealed record SmscCommandOptions(SmppSmscOptions? Smpp)
{
    // CMPP: add "CmppIsmgOptions? Cmpp" here, parsed from --cmpp-port in SmscCommand.Parse and started in SmscServers.
}

/// <summary>The one place the simulated servers are started and stopped.</summary>
public sealed class SmscServers : IAsyncDisposable
{
    private SmscServers(SmppSmsc? smpp) => Smpp = smpp;

    public SmppSmsc? Smpp { get; }

    public static SmscServers Start(SmscCommandOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SmppSmsc? smpp = null;
        if (options.Smpp is not null)
        {
            smpp = new SmppSmsc(options.Smpp, loggers?.CreateLogger("Tsm.Simulator.Smsc.Smpp"));
            smpp.Start();
        }
        return new SmscServers(smpp);
    }

    public async ValueTask DisposeAsync()
    {
        if (Smpp is not null)
            await Smpp.DisposeAsync();
    }
}

/// <summary>
/// <c>smsc --smpp-port 2775 [options]</c>: runs the simulated SMS centres until Ctrl+C or SIGTERM. Lines on standard
/// input deliver MO messages: <c>mo SYSTEM_ID SOURCE DESTINATION TEXT...</c> or <c>mo-hex SYSTEM_ID SOURCE DESTINATION HEX</c>.
/// </summary>
public static class SmscCommand
{
    public const string Usage =
        "usage: Tsm.Simulator smsc --smpp-port PORT [--host 127.0.0.1] [--account SYSTEM_ID:PASSWORD]...\n" +
        "       [--receipt-delay MS] [--no-receipts] [--receipt-id hex|decimal] [--undeliverable MSISDN]...\n" +
        "       [--throttle-above PER_SECOND] [--drop-every N] [--response-delay MS] [--refuse-binds]\n" +
        "  (--cmpp-port is reserved for the CMPP ISMG)\n" +
        "stdin lines: 'mo SYSTEM_ID SOURCE DESTINATION TEXT...' or 'mo-hex SYSTEM_ID SOURCE DESTINATION HEX' deliver an MO message";

    private static readonly string[] s_options =
    [
        "smpp-port", "host", "account", "receipt-delay", "receipt-id", "undeliverable", "throttle-above",
        "drop-every", "response-delay",
    ];

    public static SmscCommandOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // Flags without a value are taken out before the --name value parser sees the rest.
        var refuse = args.Contains("--refuse-binds");
        var noReceipts = args.Contains("--no-receipts");
        var rest = args.Where(a => a is not "--refuse-binds" and not "--no-receipts").ToList();
        var parsed = Options.Parse(rest, s_options);
        if (parsed.Single("smpp-port") is not { } smppPort)
            throw new UsageException("option '--smpp-port' is required");
        var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var account in parsed.All("account"))
        {
            var colon = account.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw new UsageException($"option '--account' wants SYSTEM_ID:PASSWORD, got '{account.Split(':')[0]}:...'");
            accounts[account[..colon]] = account[(colon + 1)..];
        }
        var receiptId = parsed.Single("receipt-id") ?? "hex";
        if (receiptId is not ("hex" or "decimal"))
            throw new UsageException("option '--receipt-id' is 'hex' or 'decimal'");
        return new SmscCommandOptions(new SmppSmscOptions
        {
            Host = parsed.Single("host") ?? "127.0.0.1",
            Port = Number("smpp-port", smppPort, 0, 65535),
            Accounts = accounts,
            Receipts = !noReceipts,
            ReceiptDelay = TimeSpan.FromMilliseconds(Number("receipt-delay", parsed.Single("receipt-delay") ?? "100", 0, 86_400_000)),
            ReceiptIdInDecimal = receiptId == "decimal",
            UndeliverableDestinations = parsed.All("undeliverable").ToHashSet(StringComparer.Ordinal),
            ThrottleAbove = Number("throttle-above", parsed.Single("throttle-above") ?? "0", 0, int.MaxValue),
            DropEvery = Number("drop-every", parsed.Single("drop-every") ?? "0", 0, int.MaxValue),
            ResponseDelay = TimeSpan.FromMilliseconds(Number("response-delay", parsed.Single("response-delay") ?? "0", 0, 600_000)),
            RefuseBinds = refuse,
        });
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; MO commands come from <paramref name="stdin"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args is ["--help"] or ["-h"])
        {
            await stdout.WriteLineAsync(Usage);
            return ExitCodes.Ok;
        }
        SmscCommandOptions options;
        try
        {
            options = Parse(args);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"smsc: {ex.Message}");
            await stderr.WriteLineAsync(Usage);
            return ExitCodes.Usage;
        }

        await using var servers = SmscServers.Start(options);
        if (servers.Smpp is { } smpp)
            await stdout.WriteLineAsync($"smsc: SMPP 3.4 SMSC listening on {smpp.Options.Host}:{smpp.Port}");
        await stdout.FlushAsync(cancellationToken);
        _ = ReadCommandsAsync(servers, stdin, stdout, cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM.
        }
        await stdout.WriteLineAsync($"smsc: stopped; {servers.Smpp?.SubmitCount ?? 0} submits accepted");
        return ExitCodes.Ok;
    }

    private static async Task ReadCommandsAsync(SmscServers servers, TextReader stdin, TextWriter stdout, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await stdin.ReadLineAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (line is null)
                return; // no more input: keep serving
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
                continue;
            if (parts is not ["mo" or "mo-hex", _, _, _, ..] || servers.Smpp is null)
            {
                await stdout.WriteLineAsync("smsc: commands are 'mo SYSTEM_ID SOURCE DESTINATION TEXT...' and 'mo-hex SYSTEM_ID SOURCE DESTINATION HEX'");
                continue;
            }
            byte[] data;
            try
            {
                data = parts[0] == "mo" ? Encoding.ASCII.GetBytes(string.Join(' ', parts[4..])) : Hex.Parse(string.Concat(parts[4..]));
            }
            catch (FormatException ex)
            {
                await stdout.WriteLineAsync($"smsc: {ex.Message}");
                continue;
            }
            var status = await servers.Smpp.SendMoAsync(parts[1], SmppAddress.International(parts[2]), SmppAddress.Unknown(parts[3]), data, cancellationToken: cancellationToken);
            await stdout.WriteLineAsync($"smsc: MO to {parts[1]} acknowledged with {SmppStatus.Name(status)}");
        }
    }

    private static int Number(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new UsageException($"option '--{name}': '{value}' is not a number in {min}..{max}");
        return n;
    }
}
