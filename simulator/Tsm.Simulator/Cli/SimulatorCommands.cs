using System.CommandLine;

namespace Tsm.Simulator.Cli;

/// <summary>
/// The simulator's commands (docs/cli.md). <see cref="Entries"/> lists them: a top-level command, or a sub-command
/// under a group (<c>scp02 wrap</c>: group "scp02"; groups are made on first use and shared). A self-contained tool class
/// with <c>Usage</c> and <c>Run(args, stdout, stderr)</c> plugs in with one entry:
/// <c>new("scp03", () => ForwardedCommand.FromUsage("wrap", "…", Scp03WrapCommand.Usage, Scp03WrapCommand.Run))</c>.
/// </summary>
public static class SimulatorCommands
{
    /// <summary>Every command: (the group it goes under, or null for a top-level command; its factory).</summary>
    public static IReadOnlyList<SimulatorCommandEntry> Entries { get; } =
    [
        new("scp02", Commands.ToolCommands.Scp02Wrap),
        new("scp03", () => ForwardedCommand.FromUsage("wrap", "Replay the host side of an SCP03 session: wrapped APDUs, checked answers.", Scp03WrapCommand.Usage, Scp03WrapCommand.Run)),
        new(null, () => ForwardedCommand.FromUsage("scp80", "SCP80 (ETSI TS 102 225): build a secured command packet (and its SMS), or verify and decode a PoR.", Scp80Command.Usage, Scp80Command.Run)),
        new("cap", Commands.ToolCommands.CapInfo),
        new(null, Commands.ToolCommands.Diversify),
        new(null, Commands.ToolCommands.Cards),
        new(null, Commands.ServerCommands.Vpcd),
        new(null, Commands.PhoneCommands.Phone),
        new(null, Commands.ServerCommands.Smsc),
        new(null, Commands.ToolCommands.Pdu),
        new(null, Commands.DemoCommands.Demo),
    ];

    /// <summary>Group descriptions (a group not named here gets a generic one).</summary>
    private static readonly Dictionary<string, string> s_groups = new(StringComparer.Ordinal)
    {
        ["scp02"] = "SCP02 secure channel tools (GP 2.2.1 Appendix E).",
        ["scp03"] = "SCP03 secure channel tools (GP Amendment D).",
        ["cap"] = "Java Card CAP files.",
    };

    /// <summary>A fresh command tree (System.CommandLine symbols belong to one parent, so each parse gets its own).</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand(
            "Tsm.Simulator: the TSM's software SE, simulated phone and SMS centres, and QA tools. " +
            "Exit codes: 0 done, 1 a task failed, 2 failed or does not verify (or the gateway refused), 3 a registration code is needed, 64 bad arguments.");
        foreach (var entry in Entries)
        {
            var command = entry.Create();
            if (entry.Group is null)
            {
                root.Subcommands.Add(command);
                continue;
            }
            var group = root.Subcommands.FirstOrDefault(c => c.Name == entry.Group);
            if (group is null)
            {
                group = new Command(entry.Group, s_groups.GetValueOrDefault(entry.Group, $"{entry.Group} tools."));
                root.Subcommands.Add(group);
            }
            group.Subcommands.Add(command);
        }
        return root;
    }
}
