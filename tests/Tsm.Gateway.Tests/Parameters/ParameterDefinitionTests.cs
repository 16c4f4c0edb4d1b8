using Tsm.Gateway.Parameters;

namespace Tsm.Gateway.Tests.Parameters;

public sealed class ParameterDefinitionTests
{
    private static readonly ParameterDefinition Days = ParameterDefinition.Integer("Wallet:TokenValidityDays", "d", 30, 1, 3650, ParameterTakesEffect.AfterRestart);
    private static readonly ParameterDefinition Poll = ParameterDefinition.Duration("Seram:LongPoll", "d", TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), ParameterTakesEffect.AfterRestart);
    private static readonly ParameterDefinition Flag = ParameterDefinition.Boolean("ServiceProviders:WakeUpPush", "d", true, ParameterTakesEffect.Immediately);
    private static readonly ParameterDefinition Level = ParameterDefinition.Choice("Ota:SecurityLevel", "d", "3", ["1", "2", "3"], ParameterTakesEffect.Immediately);
    private static readonly ParameterDefinition Note = ParameterDefinition.Text("Some:Note", "d", "", ParameterTakesEffect.Immediately);

    public static TheoryData<string, string, string> Accepted => new()
    {
        { "days", " 30 ", "30" },
        { "days", "+7", "7" },
        { "days", "3650", "3650" },
        { "poll", "0:0:30", "00:00:30" },
        { "poll", "00:00:01", "00:00:01" },
        { "poll", "00:00:02.5", "00:00:02.5000000" },
        { "flag", "TRUE", "true" },
        { "flag", "false", "false" },
        { "level", "2", "2" },
        { "note", " spaced ", " spaced " },
    };

    public static TheoryData<string, string?, string> Refused => new()
    {
        { "days", null, "Wallet:TokenValidityDays: a value is required." },
        { "days", " ", "Wallet:TokenValidityDays: a value is required." },
        { "days", "0", "Wallet:TokenValidityDays: must be 1..3650." },
        { "days", "3651", "Wallet:TokenValidityDays: must be 1..3650." },
        { "days", "1.5", "Wallet:TokenValidityDays: a whole number is expected." },
        { "days", "99999999999999999999", "Wallet:TokenValidityDays: a whole number is expected." },
        { "poll", "30", "Seram:LongPoll: a duration is expected, written [d.]hh:mm:ss (00:00:30, 7.00:00:00)." },
        { "poll", "00:00:31", "Seram:LongPoll: must be 00:00:01..00:00:30." },
        { "poll", "00:00:00.5", "Seram:LongPoll: must be 00:00:01..00:00:30." },
        { "poll", "soon:", "Seram:LongPoll: a duration is expected, written [d.]hh:mm:ss (00:00:30, 7.00:00:00)." },
        { "flag", "yes", "ServiceProviders:WakeUpPush: true or false." },
        { "level", "4", "Ota:SecurityLevel: one of 1, 2, 3." },
        { "note", "a\nb", "Some:Note: no control characters." },
    };

    private static ParameterDefinition Of(string which) => which switch
    {
        "days" => Days,
        "poll" => Poll,
        "flag" => Flag,
        "level" => Level,
        _ => Note,
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Valid_values_are_stored_in_one_spelling(string which, string value, string normalized)
    {
        Assert.True(Of(which).TryNormalize(value, out var result, out var problem));
        Assert.Equal(normalized, result);
        Assert.Null(problem);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Invalid_values_are_refused_naming_the_parameter_and_the_rule(string which, string? value, string expected)
    {
        Assert.False(Of(which).TryNormalize(value, out var result, out var problem));
        Assert.Null(result);
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void Text_longer_than_the_limit_is_refused() =>
        Assert.False(Note.TryNormalize(new string('x', ParameterDefinition.MaxTextLength + 1), out _, out _));

    [Fact]
    public void Bounds_and_defaults_are_written_as_they_are_stored()
    {
        Assert.Equal(("30", "1", "3650"), (Days.Default, Days.Minimum, Days.Maximum));
        Assert.Equal(("00:00:25", "00:00:01", "00:00:30"), (Poll.Default, Poll.Minimum, Poll.Maximum));
        Assert.Equal("true", Flag.Default);
    }
}
