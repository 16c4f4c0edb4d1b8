using System.CommandLine;

namespace Tsm.Simulator.Cli.Commands;

/// <summary>
/// The definition of <c>phone</c>: its options are recursive (given before or after the action, as
/// <c>phone --gateway URL ... login</c> or <c>phone ... listen --air URL</c>); each action is a sub-command.
/// </summary>
internal static class PhoneCommands
{
    public static Command Phone()
    {
        var phone = new Command(
            "phone",
            "A simulated phone (wallet app, SERAM local agent and a simulated eSE) against the gateway: it logs in (proving its number " +
            "with a registration code when asked), then runs one action. docs/cli.md, docs/simulator.md.");
        Option[] options =
        [
            Opt.Many("gateway", "URL", "The gateway's base URL; repeat it for more gateways: the phone uses the first that answers and fails over to the next, as a wallet does.", required: true),
            Opt.One("seid", "HEX", "The SE id of the phone's simulated eSE.", required: true),
            Opt.One("msisdn", "N", "The phone's number (5 to 15 digits).", required: true),
            Opt.One("imsi", "N", "The SIM's IMSI (default 46000 + the MSISDN's last ten digits)."),
            Opt.One("state", "FILE", "The card's state file (kept between runs; default: a card in memory). Keep it outside the repository."),
            Opt.One("phone-state", "FILE", "The wallet's tokens (owner-only file; default: beside --state as NAME.phone.json)."),
            Opt.One("channel", "CHANNEL", "wallet (default) or business-hall.", false, "wallet", "business-hall"),
            Opt.One("air", "URL", "The SMSC simulator's air interface (smsc --air-port): the registration code SMS and wake-up pushes come from it."),
            Opt.One("code", "NNNNNN", "A registration code read from the SMS by a person."),
        ];
        foreach (var option in options)
        {
            option.Recursive = true;
            phone.Options.Add(option);
        }

        Add(phone, "login", "Log in (registering the SE when the gateway asks to) and stop.");
        Add(phone, "status", "Log in and print the applications the gateway offers (download, delete, lock, unlock).");
        Add(phone, "sync", "Log in and ask the gateway to synchronize the SE's content.");
        foreach (var (name, what) in new[] { ("download", "Download and install"), ("delete", "Delete"), ("lock", "Lock"), ("unlock", "Unlock") })
        {
            var action = new Command(name, $"{what} an application, running its SERAM session, and print the task's final state.");
            action.Arguments.Add(new Argument<string>("AID") { Description = "The application's AID (hex, 5 to 16 bytes)." });
            phone.Subcommands.Add(action.Forward(phone, Run));
        }
        var listen = new Command("listen", "Log in, then wait for wake-up pushes on the air interface (--air) and run the SERAM session of each.")
            .With(
                Opt.One("port", "PORT", "The wallet's application port in the wake-up SMS (default 16145)."),
                Opt.One("count", "N", "Stop after N pushes (exit 0 only if every task succeeded); default: until Ctrl+C."),
                Opt.One("wait", "SECONDS", "One long poll of the air interface (default 30)."));
        phone.Subcommands.Add(listen.Forward(phone, Run));
        return phone;
    }

    private static void Add(Command phone, string name, string description) =>
        phone.Subcommands.Add(new Command(name, description).Forward(phone, Run));

    private static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        CommandLine.UntilStopped(ct => Simulator.Phone.PhoneCommand.RunAsync(args, stdout, stderr, ct));
}
