using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Tsm.Protocol;
using Tsm.Protocol.Sms.Cmpp;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Cli;
using Tsm.Simulator.Smsc.Cmpp;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Simulator.Smsc;

/// <summary>What <c>smsc</c> starts: one options record per protocol (null: that server is not started).</summary>
/// <param name="Smpp">The SMPP 3.4 SMSC (<c>--smpp-port</c>).</param>
/// <param name="Cmpp">The CMPP 2.0/3.0 ISMG (<c>--cmpp-port</c>).</param>
/// <param name="AirPort">The HTTP air interface for phones in other processes (<c>--air-port</c>; null: not started, 0: any free port).</param>
public sealed record SmscCommandOptions(SmppSmscOptions? Smpp, CmppIsmgOptions? Cmpp = null, int? AirPort = null);

/// <summary>
/// The one place the simulated servers are started and stopped. Both SMS centres deliver what they accept to one
/// <see cref="Handsets"/> (the options' own when they bring one), served over HTTP by <see cref="Air"/> when asked for.
/// </summary>
public sealed class SmscServers : IAsyncDisposable
{
    private SmscServers(Handsets handsets, SmppSmsc? smpp, CmppIsmgSimulator? cmpp, AirInterface? air)
    {
        Handsets = handsets;
        Smpp = smpp;
        Cmpp = cmpp;
        Air = air;
    }

    /// <summary>The handsets MT messages are delivered to.</summary>
    public Handsets Handsets { get; }

    public SmppSmsc? Smpp { get; }

    public CmppIsmgSimulator? Cmpp { get; }

    /// <summary>The HTTP air interface (<see cref="SmscCommandOptions.AirPort"/>).</summary>
    public AirInterface? Air { get; }

    public static SmscServers Start(SmscCommandOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handsets = options.Smpp?.Handsets ?? options.Cmpp?.Handsets ?? new Handsets();
        SmppSmsc? smpp = null;
        CmppIsmgSimulator? cmpp = null;
        AirInterface? air = null;
        try
        {
            if (options.Smpp is not null)
            {
                smpp = new SmppSmsc(options.Smpp with { Handsets = handsets }, loggers?.CreateLogger("Tsm.Simulator.Smsc.Smpp"));
                smpp.Start();
            }
            if (options.Cmpp is not null)
            {
                cmpp = new CmppIsmgSimulator(options.Cmpp with { Handsets = handsets }, loggers?.CreateLogger("Tsm.Simulator.Smsc.Cmpp"));
                cmpp.Start();
            }
            if (options.AirPort is { } airPort)
            {
                air = new AirInterface(handsets, options.Smpp?.Host ?? options.Cmpp?.Host ?? "127.0.0.1", airPort);
                air.Start();
            }
        }
        catch
        {
            air?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            cmpp?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            smpp?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return new SmscServers(handsets, smpp, cmpp, air);
    }

    public async ValueTask DisposeAsync()
    {
        if (Air is not null)
            await Air.DisposeAsync();
        if (Smpp is not null)
            await Smpp.DisposeAsync();
        if (Cmpp is not null)
            await Cmpp.DisposeAsync();
    }
}

/// <summary>
/// <c>smsc --smpp-port 2775 [options]</c>: runs the simulated SMS centres until Ctrl+C or SIGTERM. Lines on standard
/// input deliver MO messages: <c>mo SYSTEM_ID SOURCE DESTINATION TEXT...</c> or
/// <c>mo-hex SYSTEM_ID SOURCE DESTINATION HEX [dc=N] [udhi]</c> (see <see cref="SmppMoCommand"/>).
/// </summary>
public static class SmscCommand
{
    public const string Usage =
        "usage: Tsm.Simulator smsc [--smpp-port PORT] [--cmpp-port PORT] [--host 127.0.0.1] [--account SYSTEM_ID:PASSWORD]...\n" +
        "       [--receipt-delay MS] [--no-receipts] [--receipt-id hex|decimal] [--undeliverable MSISDN]...\n" +
        "       [--throttle-above PER_SECOND] [--drop-every N] [--response-delay MS] [--refuse-binds]\n" +
        "       CMPP ISMG: [--cmpp-account SP_ID:SECRET[:2.0|3.0]]... [--cmpp-gateway-code N] [--cmpp-report-stat DELIVRD]\n" +
        "       [--cmpp-active-test SECONDS] (--receipt-delay, --throttle-above, --drop-every, --response-delay and\n" +
        "       --refuse-binds apply to both servers; a refused CMPP CONNECT gets Status 5)\n" +
        "       [--air-port PORT]: HTTP air interface for phones, GET /handsets/{MSISDN}/messages?wait=SECONDS (every accepted\n" +
        "       MT message goes to its destination handset; 'phone ... listen --air http://127.0.0.1:PORT/' receives them)\n" +
        "       deliveries to the ESME: [--deliver-retry SECONDS] (first pause, default 10) [--deliver-max-retry SECONDS] (600)\n" +
        "       [--deliver-give-up SECONDS] (86400); message ids: [--message-id-prefix PREFIX|none] [--first-message-number N]\n" +
        "       [--message-number-wrap N] (ids are PREFIX and the number as 8 hex digits; a restarted SMSC with 'none' reuses them)\n" +
        "       [--bind-timeout SECONDS] (30: a connection not bound or CONNECTed by then is closed, both servers)\n" +
        "       [--cmpp-timestamp-skew SECONDS] (600: a CONNECT Timestamp further from the ISMG's clock gets Status 3; 0: any)\n" +
        "stdin lines: 'mo SYSTEM_ID SOURCE DESTINATION TEXT...' (data_coding 0) or 'mo-hex SYSTEM_ID SOURCE DESTINATION HEX [dc=N] [udhi]'\n" +
        "             (data_coding N, default 4: 8-bit binary; udhi sets esm_class 0x40) deliver an MO message;\n" +
        "             'cmpp-mo SP_ID SOURCE DESTINATION TEXT...' and 'cmpp-mo-hex SP_ID SOURCE DESTINATION HEX' do the same over CMPP";

    private static readonly string[] s_options =
    [
        "smpp-port", "host", "account", "receipt-delay", "receipt-id", "undeliverable", "throttle-above",
        "drop-every", "response-delay", "cmpp-port", "cmpp-account", "cmpp-gateway-code", "cmpp-report-stat", "cmpp-active-test",
        "air-port", "deliver-retry", "deliver-max-retry", "deliver-give-up", "message-id-prefix", "first-message-number",
        "message-number-wrap", "bind-timeout", "cmpp-timestamp-skew",
    ];

    public static SmscCommandOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // Flags without a value are taken out before the --name value parser sees the rest.
        var refuse = args.Contains("--refuse-binds");
        var noReceipts = args.Contains("--no-receipts");
        var rest = args.Where(a => a is not "--refuse-binds" and not "--no-receipts").ToList();
        var parsed = Options.Parse(rest, s_options);
        var smppPort = parsed.Single("smpp-port");
        var cmppPort = parsed.Single("cmpp-port");
        if (smppPort is null && cmppPort is null)
            throw new UsageException("option '--smpp-port' or '--cmpp-port' is required");
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
        var smpp = smppPort is null ? null : new SmppSmscOptions
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
            DeliverRetryPause = TimeSpan.FromSeconds(Number("deliver-retry", parsed.Single("deliver-retry") ?? "10", 1, 86_400)),
            DeliverMaxRetryPause = TimeSpan.FromSeconds(Number("deliver-max-retry", parsed.Single("deliver-max-retry") ?? "600", 1, 86_400)),
            DeliverGiveUpAfter = TimeSpan.FromSeconds(Number("deliver-give-up", parsed.Single("deliver-give-up") ?? "86400", 1, 30 * 86_400)),
            MessageIdPrefix = parsed.Single("message-id-prefix") switch
            {
                null => null,
                "none" => "",
                { Length: <= 56 } prefix when prefix.All(char.IsAsciiLetterOrDigit) => prefix,
                _ => throw new UsageException("option '--message-id-prefix' is 'none' or up to 56 letters and digits"),
            },
            FirstMessageNumber = Number("first-message-number", parsed.Single("first-message-number") ?? "1", 1, int.MaxValue),
            MessageNumberWrap = Number("message-number-wrap", parsed.Single("message-number-wrap") ?? "0", 0, int.MaxValue),
            SessionInitTimeout = TimeSpan.FromSeconds(Number("bind-timeout", parsed.Single("bind-timeout") ?? "30", 1, 86_400)),
        };
        int? airPort = parsed.Single("air-port") is { } air ? Number("air-port", air, 0, 65535) : null;
        return new SmscCommandOptions(smpp, cmppPort is null ? null : ParseCmpp(parsed, cmppPort, refuse), airPort);
    }

    /// <summary>The CMPP ISMG's options; the fault options are shared with the SMPP SMSC.</summary>
    private static CmppIsmgOptions ParseCmpp(Options parsed, string port, bool refuse)
    {
        var accounts = new List<CmppIsmgAccount>();
        foreach (var account in parsed.All("cmpp-account"))
        {
            var parts = account.Split(':');
            if (parts.Length is < 2 or > 3 || parts[0].Length is 0 or > 6 || parts[1].Length == 0)
                throw new UsageException($"option '--cmpp-account' wants SP_ID:SECRET[:2.0|3.0], got '{parts[0]}:...'");
            var version = parts.Length == 2 ? CmppVersion.V30 : parts[2] switch
            {
                "2.0" => CmppVersion.V20,
                "3.0" => CmppVersion.V30,
                _ => throw new UsageException($"option '--cmpp-account': version '{parts[2]}' is not 2.0 or 3.0"),
            };
            accounts.Add(new CmppIsmgAccount(parts[0], parts[1], version));
        }
        var stat = parsed.Single("cmpp-report-stat") ?? CmppStat.Delivered;
        if (stat.Length is 0 or > 7)
            throw new UsageException("option '--cmpp-report-stat' has 1 to 7 characters (DELIVRD, UNDELIV, MA:0001 ...)");
        var activeTest = Number("cmpp-active-test", parsed.Single("cmpp-active-test") ?? "0", 0, 86_400);
        var options = new CmppIsmgOptions
        {
            Host = parsed.Single("host") ?? "127.0.0.1",
            Port = Number("cmpp-port", port, 0, 65535),
            Accounts = accounts,
            GatewayCode = Number("cmpp-gateway-code", parsed.Single("cmpp-gateway-code") ?? "173477", 0, CmppMsgId.MaxGatewayCode),
            ReportDelay = TimeSpan.FromMilliseconds(Number("receipt-delay", parsed.Single("receipt-delay") ?? "100", 0, 86_400_000)),
            ReportStat = stat,
            ActiveTestInterval = activeTest == 0 ? null : TimeSpan.FromSeconds(activeTest),
            ConnectTimeout = TimeSpan.FromSeconds(Number("bind-timeout", parsed.Single("bind-timeout") ?? "30", 1, 86_400)),
            ConnectTimestampSkew = Number("cmpp-timestamp-skew", parsed.Single("cmpp-timestamp-skew") ?? "600", 0, 366 * 86_400) is var skew and > 0
                ? TimeSpan.FromSeconds(skew)
                : null,
        };
        options.Faults.FlowControlRate = Number("throttle-above", parsed.Single("throttle-above") ?? "0", 0, int.MaxValue);
        options.Faults.DropEveryPdus = Number("drop-every", parsed.Single("drop-every") ?? "0", 0, int.MaxValue);
        options.Faults.ResponseDelay = TimeSpan.FromMilliseconds(Number("response-delay", parsed.Single("response-delay") ?? "0", 0, 600_000));
        options.Faults.RefuseConnectStatus = refuse ? CmppConnectStatus.Other : null;
        return options;
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
        if (servers.Cmpp is { } cmpp)
            await stdout.WriteLineAsync($"smsc: CMPP ISMG (2.0/3.0) listening on {cmpp.Endpoint}");
        if (servers.Air is { } air)
            await stdout.WriteLineAsync($"smsc: air interface for handsets on {air.BaseAddress}");
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
        await stdout.WriteLineAsync($"smsc: stopped; {servers.Smpp?.SubmitCount ?? 0} submits accepted" +
            (servers.Cmpp is { } ismg ? $", {ismg.SubmitCount} CMPP submits received" : ""));
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
            if (parts is ["cmpp-mo" or "cmpp-mo-hex", _, _, _, ..] && servers.Cmpp is { } ismg)
            {
                await stdout.WriteLineAsync(CmppMo(ismg, parts));
                continue;
            }
            if (parts is not ["mo" or "mo-hex", _, _, _, ..] || servers.Smpp is null)
            {
                await stdout.WriteLineAsync("smsc: commands are 'mo SYSTEM_ID SOURCE DESTINATION TEXT...' and 'mo-hex SYSTEM_ID SOURCE DESTINATION HEX [dc=N] [udhi]'");
                continue;
            }
            SmppMoCommand mo;
            try
            {
                mo = SmppMoCommand.Parse(parts);
            }
            catch (FormatException ex)
            {
                await stdout.WriteLineAsync($"smsc: {ex.Message}");
                continue;
            }
            // Not awaited: the MO waits for a bound receiver while further commands are read.
            _ = servers.Smpp.SendMoAsync(mo.SystemId, SmppAddress.International(mo.Source), SmppAddress.Unknown(mo.Destination), mo.Data, mo.DataCoding, mo.EsmClass, cancellationToken)
                .ContinueWith(
                    t => stdout.WriteLine(t.IsCompletedSuccessfully ? $"smsc: MO to {mo.SystemId} acknowledged with {SmppStatus.Name(t.Result)}" : $"smsc: MO to {mo.SystemId} not delivered"),
                    CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>Handles 'cmpp-mo SP_ID SOURCE DESTINATION TEXT...' and 'cmpp-mo-hex SP_ID SOURCE DESTINATION HEX'.</summary>
    private static string CmppMo(CmppIsmgSimulator ismg, string[] parts)
    {
        try
        {
            var text = parts[0] == "cmpp-mo";
            var data = text ? Encoding.ASCII.GetBytes(string.Join(' ', parts[4..])) : Hex.Parse(string.Concat(parts[4..]));
            ismg.SendMo(parts[1], new CmppMoMessage(parts[2], parts[3], data, text ? CmppMsgFmt.Ascii : CmppMsgFmt.Binary));
            return $"smsc: CMPP MO for SP {parts[1]} queued";
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return $"smsc: {ex.Message}";
        }
    }

    private static int Number(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new UsageException($"option '--{name}': '{value}' is not a number in {min}..{max}");
        return n;
    }
}
