using System.CommandLine;

namespace Tsm.Simulator.Cli.Commands;

/// <summary>The definitions of the long-running simulators: <c>vpcd</c>, <c>smsc</c> and <c>phone</c>; Ctrl+C and SIGTERM stop them cleanly.</summary>
internal static class ServerCommands
{
    public static Command Vpcd()
    {
        var vpcd = new Command("vpcd", "Run a simulated card in pcscd's virtual reader (vsmartcard vpcd) until Ctrl+C; docs/vpcd.md.")
            .With(
                Opt.One("seid", "HEX", "The SE id.", required: true),
                Opt.One("state", "FILE", "The card's state file: loaded when it exists, else a fresh card is saved there."),
                Opt.One("port", "PORT", "vpcd's port (default 35963)."),
                Opt.One("host", "HOST", "vpcd's host (default 127.0.0.1)."));
        return vpcd.Forward(vpcd, (args, stdout, stderr) =>
            CommandLine.UntilStopped(ct => Simulator.Vpcd.VpcdCommand.RunAsync(args, CommandLine.OpenCard, stdout, stderr, ct)));
    }

    public static Command Smsc()
    {
        var smsc = new Command(
            "smsc",
            "Run simulated SMS centres (SMPP 3.4 SMSC, CMPP 2.0/3.0 ISMG) with receipts, MO and faults until Ctrl+C. Standard input lines " +
            "'mo SYSTEM_ID SOURCE DESTINATION TEXT...', 'mo-hex ...', 'cmpp-mo ...', 'cmpp-mo-hex ...' deliver MO messages; docs/sms.md.")
            .With(
                Opt.One("smpp-port", "PORT", "Start the SMPP 3.4 SMSC on this port (0: any free port)."),
                Opt.One("cmpp-port", "PORT", "Start the CMPP ISMG on this port (0: any free port)."),
                Opt.One("host", "HOST", "The address both listen on (default 127.0.0.1)."),
                Opt.Many("account", "SYSTEM_ID:PASSWORD", "An SMPP account; repeat for more (none: any bind is accepted)."),
                Opt.One("receipt-delay", "MS", "Delay of delivery receipts (default 100)."),
                Opt.Flag("no-receipts", "Send no delivery receipts."),
                Opt.One("receipt-id", "FORMAT", "SMPP message ids in hex (default) or decimal.", false, "hex", "decimal"),
                Opt.Many("undeliverable", "MSISDN", "A destination whose messages fail (receipt UNDELIV)."),
                Opt.One("throttle-above", "PER_SECOND", "Answer ESME_RTHROTTLED / CMPP flow control above this rate."),
                Opt.One("drop-every", "N", "Drop every Nth PDU unanswered."),
                Opt.One("response-delay", "MS", "Delay every response."),
                Opt.Flag("refuse-binds", "Refuse every bind (SMPP) or CONNECT (CMPP, Status 5)."),
                Opt.Many("cmpp-account", "SP_ID:SECRET[:2.0|3.0]", "A CMPP account; repeat for more."),
                Opt.One("cmpp-gateway-code", "N", "The ISMG's gateway code in Msg_Ids (default 173477)."),
                Opt.One("cmpp-report-stat", "STAT", "The Stat of CMPP status reports (default DELIVRD)."),
                Opt.One("cmpp-active-test", "SECONDS", "Send CMPP_ACTIVE_TEST this often (0: never)."),
                Opt.One("air-port", "PORT", "Serve the HTTP air interface for simulated phones on this port (0: any free port)."));
        return smsc.Forward(smsc, (args, stdout, stderr) =>
            CommandLine.UntilStopped(ct => Simulator.Smsc.SmscCommand.RunAsync(args, Console.In, stdout, stderr, ct)));
    }
}
