using Tsm.Specs.Runner;
using Xunit;

namespace Tsm.Specs.RunnerTests;

public sealed class GherkinFeatureCompilerTests
{
    private const string Feature = """"
        @feature-tag
        Feature: Compiler probe

          Background:
            Given a shared start

          @outline-tag
          Scenario Outline: Add <a> and <b>
            When I add <a> and <b>
            And I also subtract <b>
            Then I get <sum>
            But not <a>

            Examples:
              | a | b | sum |
              | 1 | 2 | 3   |
              | 4 | 5 | 9   |

          Rule: Ruled scenarios

            Background:
              Given a rule start

            @rule-scenario
            Scenario: Inside the rule
              Given a table
                | key | value |
                | k1  | v1    |
              Then a doc string
                """
                payload
                """
        """";

    private static readonly CompiledFeature Compiled = GherkinFeatureCompiler.Compile("mem/probe.feature", Feature);

    [Fact]
    public void Outline_rows_become_separate_scenarios_with_substituted_names_and_values()
    {
        Assert.Equal(["Add 1 and 2", "Add 4 and 5", "Inside the rule"], Compiled.Scenarios.Select(s => s.Name));

        var second = Compiled.Scenarios[1];
        Assert.Equal(1, second.PickleIndex);
        Assert.Equal([new("a", "4"), new("b", "5"), new("sum", "9")], second.ExampleValues);
        Assert.Equal("Compiler probe › Add 4 and 5 [a=4, b=5, sum=9]", second.DisplayName(Compiled.Title));
    }

    [Fact]
    public void Background_is_prepended_and_and_but_take_the_previous_kind()
    {
        var steps = Compiled.Scenarios[0].Steps;

        Assert.Equal(
            ["Given a shared start", "When I add 1 and 2", "And I also subtract 2", "Then I get 3", "But not 1"],
            steps.Select(s => s.Display));
        Assert.Equal([StepKind.Given, StepKind.When, StepKind.When, StepKind.Then, StepKind.Then], steps.Select(s => s.Kind));
    }

    [Fact]
    public void Rule_scenarios_get_both_backgrounds_the_rule_and_their_arguments()
    {
        var ruled = Compiled.Scenarios[2];

        Assert.Equal("Ruled scenarios", ruled.Rule?.Title);
        Assert.Equal(["Given a shared start", "Given a rule start", "Given a table", "Then a doc string"], ruled.Steps.Select(s => s.Display));
        Assert.Equal([["key", "value"], ["k1", "v1"]], ruled.Steps[2].Table);
        Assert.Equal("payload", ruled.Steps[3].DocString);
        Assert.Equal("Compiler probe › Ruled scenarios › Inside the rule", ruled.DisplayName(Compiled.Title));
    }

    [Fact]
    public void Tags_are_split_into_own_and_inherited_without_the_at_sign()
    {
        Assert.Equal(["feature-tag"], Compiled.Tags);
        Assert.Equal(["outline-tag"], Compiled.Scenarios[0].OwnTags);
        Assert.Equal(["feature-tag"], Compiled.Scenarios[0].InheritedTags);
        Assert.Equal(["feature-tag", "rule-scenario"], Compiled.Scenarios[2].AllTags);
        Assert.False(Compiled.Scenarios[2].IsIgnored);
    }

    [Fact]
    public void Cucumber_messages_for_the_formatters_match_the_compiled_scenarios()
    {
        Assert.True(Compiled.Messages.HasMessages);
        Assert.Equal("mem/probe.feature", Compiled.Messages.Source.Uri);
        Assert.Equal(Compiled.Scenarios.Select(s => s.Name), Compiled.Messages.Pickles.Select(p => p.Name));
    }

    [Fact]
    public void An_ignore_tag_marks_the_scenario_ignored()
    {
        var feature = GherkinFeatureCompiler.Compile("mem/ignored.feature", """
            Feature: Ignored probe
              @ignore
              Scenario: Not yet
                Given nothing
            """);

        Assert.True(Assert.Single(feature.Scenarios).IsIgnored);
    }
}
