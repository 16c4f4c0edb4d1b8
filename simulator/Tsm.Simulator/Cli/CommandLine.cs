namespace Tsm.Simulator.Cli;

/// <summary>Entry point of the simulator's command-line interface: dispatches to one command.</summary>
public static class CommandLine
{
    public const string Usage =
        "usage: Tsm.Simulator <command> [options]\n" +
        "commands:\n" +
        "  scp02 wrap ...        replay the host side of an SCP02 session and print wrapped APDUs\n" +
        "  scp03 wrap ...        replay the host side of an SCP03 session: wrapped APDUs, checked answers\n" +
        "  scp80 pack|unpack-por ... build an SCP80 secured command packet (and its SMS), or verify and decode a PoR\n" +
        "  cap info FILE.cap     print a CAP file's package, applets, components and load file hash as JSON\n" +
        "  diversify ...         derive card keys from a master key (EMV CPS or VISA2)\n" +
        "  cards new|batch ...   make simulated cards (state files): one fresh GP card, or an SE batch\n" +
        "  vpcd --seid HEX ...   run a simulated card in pcscd's virtual reader (vsmartcard vpcd)\n" +
        "  phone --gateway URL ... a simulated phone (wallet + SE): login, download, delete, lock, unlock, sync, status, listen\n" +
        "  smsc --smpp-port PORT --cmpp-port PORT ... simulated SMS centres (SMPP 3.4 SMSC, CMPP ISMG) with receipts, MO and faults\n" +
        "  pdu decode --protocol smpp34|cmpp20|cmpp30 HEX   decode one captured PDU as JSON\n" +
        "run a command with --help for its options";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 1 && args[0] is "-h" or "--help")
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Ok;
        }
        return args switch
        {
            ["scp02", "wrap", "--help"] => Help(stdout, Scp02WrapCommand.Usage),
            ["scp02", "wrap", .. var rest] => Scp02WrapCommand.Run(rest, stdout, stderr),
            ["scp03", "wrap", "--help"] => Help(stdout, Scp03WrapCommand.Usage),
            ["scp03", "wrap", .. var rest] => Scp03WrapCommand.Run(rest, stdout, stderr),
            ["scp80", .. var rest] => Scp80Command.Run(rest, stdout, stderr),
            ["cap", "info", .. var rest] => CapInfoCommand.Run(rest, stdout, stderr),
            ["diversify", "--help"] => Help(stdout, DiversifyCommand.Usage),
            ["diversify", .. var rest] => DiversifyCommand.Run(rest, stdout, stderr),
            ["cards", .. var rest] => CardsCommand.Run(rest, stdout, stderr),
            ["vpcd", .. var rest] => RunVpcd(rest, stdout, stderr),
            ["smsc", .. var rest] => RunSmsc(rest, stdout, stderr),
            ["pdu", .. var rest] => Pdu.PduCommand.Run(rest, stdout, stderr),
            ["phone", .. var rest] => RunPhone(rest, stdout, stderr),
            _ => Unknown(args, stderr),
        };
    }

    private static int RunVpcd(string[] args, TextWriter stdout, TextWriter stderr)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        return Vpcd.VpcdCommand.RunAsync(args, OpenCard, stdout, stderr, stop.Token).GetAwaiter().GetResult();
    }

    private static int RunPhone(string[] args, TextWriter stdout, TextWriter stderr) =>
        UntilStopped(ct => Phone.PhoneCommand.RunAsync(args, stdout, stderr, ct));

    private static int RunSmsc(string[] args, TextWriter stdout, TextWriter stderr) =>
        UntilStopped(ct => Smsc.SmscCommand.RunAsync(args, Console.In, stdout, stderr, ct));

    /// <summary>Runs a long-lived command whose token Ctrl+C and SIGTERM cancel (it stops cleanly instead of being killed).</summary>
    private static int UntilStopped(Func<CancellationToken, Task<int>> run)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        return run(stop.Token).GetAwaiter().GetResult();
    }

    /// <summary>The card for a bridge: from its state file when it exists, else a fresh GP card (saved there when a path is given).</summary>
    public static Card.ISmartCard OpenCard(string seid, string? statePath)
    {
        if (statePath is not null && File.Exists(statePath))
            return Card.SimulatedCard.FromStateFile(statePath);
        var card = new Card.SimulatedCard(Card.CardFactory.CreateDefault(Protocol.Hex.Format(Protocol.Hex.Parse(seid))), statePath);
        card.Save();
        return card;
    }

    private static int Help(TextWriter stdout, string usage)
    {
        stdout.WriteLine(usage);
        return ExitCodes.Ok;
    }

    private static int Unknown(string[] args, TextWriter stderr)
    {
        stderr.WriteLine(args.Length == 0 ? "missing command" : $"unknown command '{string.Join(' ', args.Take(2))}'");
        stderr.WriteLine(Usage);
        return ExitCodes.Usage;
    }
}
