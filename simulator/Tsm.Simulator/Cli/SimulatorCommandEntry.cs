using System.CommandLine;

namespace Tsm.Simulator.Cli;

/// <summary>One command of <see cref="SimulatorCommands.Entries"/>: the group it goes under (null: top level) and its factory.</summary>
public sealed record SimulatorCommandEntry(string? Group, Func<Command> Create);
