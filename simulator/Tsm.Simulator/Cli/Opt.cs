using System.CommandLine;

namespace Tsm.Simulator.Cli;

/// <summary>Short constructors of the string options the command definitions declare (values are checked by the commands).</summary>
public static class Opt
{
    /// <summary>An option with one value (<paramref name="name"/> without the leading dashes).</summary>
    public static Option<string> One(string name, string valueName, string description, bool required = false, params string[] values)
    {
        var option = new Option<string>("--" + name) { Description = description, HelpName = valueName, Required = required };
        if (values.Length > 0)
            option.CompletionSources.Add(values);
        return option;
    }

    /// <summary>An option that may be given more than once (<c>--apdu A --apdu B</c>).</summary>
    public static Option<string[]> Many(string name, string valueName, string description, bool required = false)
    {
        return new Option<string[]>("--" + name)
        {
            Description = description,
            HelpName = valueName,
            Required = required,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
    }

    /// <summary>A flag without a value.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new("--" + name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>Adds the options to <paramref name="command"/> and returns it.</summary>
    public static Command With(this Command command, params Option[] options)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in options)
            command.Options.Add(option);
        return command;
    }
}
