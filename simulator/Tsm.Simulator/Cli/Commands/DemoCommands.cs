using System.CommandLine;
using Tsm.Simulator.Demo;

namespace Tsm.Simulator.Cli.Commands;

/// <summary>The definition of <c>demo</c> (<see cref="DemoCommand"/>).</summary>
internal static class DemoCommands
{
    public static Command Demo()
    {
        var phones = new Option<int>("--phones")
        {
            Description = "How many simulated phones register and download (1 to 100).",
            HelpName = "N",
            DefaultValueFactory = _ => 3,
        };
        phones.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100)
                r.AddError("--phones must be 1 to 100.");
        });
        var dll = new Option<string>("--gateway-dll")
        {
            Description = "The built gateway (Tsm.Gateway.dll); default: beside this program, else gateway/Tsm.Gateway of the repository above the current folder, built in Release.",
            HelpName = "PATH",
        };
        var keep = new Option<string>("--keep")
        {
            Description = "Keep the demo's database and card state files in this folder (default: a temporary folder, deleted at the end).",
            HelpName = "DIR",
        };
        var demo = new Command(
            "demo",
            "Start the gateway (embedded profile), the SMSC simulator and N simulated phones that register, receive a wake-up push and " +
            "download the demo application, printing every step. Exit code 0 when every phone downloaded, 1 when one did not, 2 when the platform did not start.");
        demo.Options.Add(phones);
        demo.Options.Add(dll);
        demo.Options.Add(keep);
        demo.SetAction(result => CommandLine.UntilStopped(ct => DemoCommand.RunAsync(
            new DemoOptions { Phones = result.GetValue(phones), GatewayDll = result.GetValue(dll), WorkDirectory = result.GetValue(keep) },
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            ct)));
        return demo;
    }
}
