using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tsm.Gateway.Parameters;

/// <summary>
/// A parameter operators may change at run time (docs/parameters.md): its configuration key, type, bounds, default
/// (the options class's own) and when a change takes effect. <see cref="TryNormalize"/> checks a value and gives the
/// one spelling that is stored, so that the configuration binder reads what was checked.
/// </summary>
public sealed record ParameterDefinition
{
    /// <summary>The longest value of a <see cref="ParameterType.Text"/> parameter.</summary>
    public const int MaxTextLength = 1000;

    /// <summary>The configuration key, sections separated by colons (<c>Wallet:TokenValidityDays</c>).</summary>
    public required string Name { get; init; }

    public required ParameterType Type { get; init; }

    public required string Description { get; init; }

    /// <summary>The value when neither the configuration files nor the parameter table set one.</summary>
    public required string Default { get; init; }

    public required ParameterTakesEffect TakesEffect { get; init; }

    /// <summary>The smallest value of an <see cref="ParameterType.Integer"/> or <see cref="ParameterType.Duration"/> parameter (a duration in the <c>c</c> format).</summary>
    public string? Minimum { get; init; }

    public string? Maximum { get; init; }

    /// <summary>The values of a <see cref="ParameterType.Choice"/> parameter.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    public static ParameterDefinition Integer(string name, string description, long defaultValue, long minimum, long maximum, ParameterTakesEffect takesEffect) => new()
    {
        Name = name,
        Type = ParameterType.Integer,
        Description = description,
        Default = Format(defaultValue),
        TakesEffect = takesEffect,
        Minimum = Format(minimum),
        Maximum = Format(maximum),
    };

    public static ParameterDefinition Duration(string name, string description, TimeSpan defaultValue, TimeSpan minimum, TimeSpan maximum, ParameterTakesEffect takesEffect) => new()
    {
        Name = name,
        Type = ParameterType.Duration,
        Description = description,
        Default = Format(defaultValue),
        TakesEffect = takesEffect,
        Minimum = Format(minimum),
        Maximum = Format(maximum),
    };

    public static ParameterDefinition Boolean(string name, string description, bool defaultValue, ParameterTakesEffect takesEffect) => new()
    {
        Name = name,
        Type = ParameterType.Boolean,
        Description = description,
        Default = Format(defaultValue),
        TakesEffect = takesEffect,
    };

    public static ParameterDefinition Text(string name, string description, string defaultValue, ParameterTakesEffect takesEffect) => new()
    {
        Name = name,
        Type = ParameterType.Text,
        Description = description,
        Default = defaultValue,
        TakesEffect = takesEffect,
    };

    public static ParameterDefinition Choice(string name, string description, string defaultValue, IReadOnlyList<string> choices, ParameterTakesEffect takesEffect) => new()
    {
        Name = name,
        Type = ParameterType.Choice,
        Description = description,
        Default = defaultValue,
        TakesEffect = takesEffect,
        Choices = choices,
    };

    /// <summary>
    /// Checks <paramref name="value"/> against the type and bounds; on success gives the spelling to store
    /// (<c>" 30 "</c> → <c>30</c>, <c>0:0:30</c> → <c>00:00:30</c>, <c>TRUE</c> → <c>true</c>), else what is wrong, naming the parameter.
    /// </summary>
    public bool TryNormalize(string? value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? problem)
    {
        normalized = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = $"{Name}: a value is required.";
            return false;
        }

        var text = Type == ParameterType.Text ? value : value.Trim();
        switch (Type)
        {
            case ParameterType.Integer:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    problem = $"{Name}: a whole number is expected.";
                else if (number < long.Parse(Minimum!, CultureInfo.InvariantCulture) || number > long.Parse(Maximum!, CultureInfo.InvariantCulture))
                    problem = $"{Name}: must be {Minimum}..{Maximum}.";
                else
                    normalized = Format(number);
                break;
            case ParameterType.Duration:
                // A bare number would be read as days ("30" is a month): a duration always has its colons.
                if (!text.Contains(':', StringComparison.Ordinal) || !TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
                    problem = $"{Name}: a duration is expected, written [d.]hh:mm:ss (00:00:30, 7.00:00:00).";
                else if (span < TimeSpan.Parse(Minimum!, CultureInfo.InvariantCulture) || span > TimeSpan.Parse(Maximum!, CultureInfo.InvariantCulture))
                    problem = $"{Name}: must be {Minimum}..{Maximum}.";
                else
                    normalized = Format(span);
                break;
            case ParameterType.Boolean:
                if (bool.TryParse(text, out var flag))
                    normalized = Format(flag);
                else
                    problem = $"{Name}: true or false.";
                break;
            case ParameterType.Choice:
                normalized = Choices!.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
                if (normalized is null)
                    problem = $"{Name}: one of {string.Join(", ", Choices!)}.";
                break;
            default:
                if (text.Length > MaxTextLength)
                    problem = $"{Name}: at most {MaxTextLength} characters.";
                else if (text.Any(char.IsControl))
                    problem = $"{Name}: no control characters.";
                else
                    normalized = text;
                break;
        }

        return normalized is not null;
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Format(bool value) => value ? "true" : "false";
}
