using System.CommandLine;
using System.CommandLine.Parsing;

namespace Tsm.Simulator.Cli;

/// <summary>
/// Joins System.CommandLine to a command class that takes its own argument list (the <c>Run(args, stdout, stderr)</c>
/// shape of <see cref="DiversifyCommand"/> and the others). System.CommandLine parses the whole command line against
/// the options the definition declares (unknown options, missing values and required options are its errors, with
/// the usage, exit code 64), prints <c>--help</c> and offers completions; the action then hands the command class
/// the tokens after its anchor command, in the order typed, and the class checks the values (hex lengths, ranges)
/// as it always did.
/// </summary>
public static class ForwardedCommand
{
    /// <summary>
    /// A command for a self-contained class with a usage text and <c>Run(args, stdout, stderr)</c>: its help is the
    /// description and the usage; every token after the command goes to <paramref name="run"/> unchecked.
    /// This is how a new tool command plugs in (one line in <see cref="SimulatorCommands.Entries"/>).
    /// </summary>
    public static Command FromUsage(string name, string description, string usage, Func<string[], TextWriter, TextWriter, int> run)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(run);
        var command = new Command(name, description + Environment.NewLine + Environment.NewLine + usage)
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Arguments.Add(new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore, Description = "As the usage above says." });
        command.SetAction(result => run(
            [.. TokensAfter(result, command)],
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Sets <paramref name="command"/>'s action to run <paramref name="run"/> with the tokens after <paramref name="anchor"/>.</summary>
    public static Command Forward(this Command command, Command anchor, Func<string[], TextWriter, TextWriter, int> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(run);
        command.SetAction(result => run(
            [.. TokensAfter(result, anchor)],
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>
    /// The tokens typed after <paramref name="anchor"/>'s own token, in order (sub-command names included; the
    /// <c>--</c> separator and directives left out). Commands are counted from the root: the anchor is the Nth
    /// command token when it is N levels below the root.
    /// </summary>
    public static IReadOnlyList<string> TokensAfter(ParseResult result, Command anchor)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(anchor);
        var depth = 0;
        for (var current = anchor; current is not null and not RootCommand; current = current.Parents.OfType<Command>().FirstOrDefault())
            depth++;
        var tokens = new List<string>();
        var seen = 0;
        foreach (var token in result.Tokens)
        {
            if (token.Type is TokenType.Directive or TokenType.DoubleDash)
                continue;
            if (seen < depth)
            {
                if (token.Type == TokenType.Command)
                    seen++;
                continue;
            }
            tokens.Add(token.Value);
        }
        return tokens;
    }
}
