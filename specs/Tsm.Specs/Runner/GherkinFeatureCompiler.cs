using System.Collections.ObjectModel;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;
using Io.Cucumber.Messages.Types;
using Tsm.Specs.Runner.Reporting;
using Messages = Io.Cucumber.Messages.Types;

namespace Tsm.Specs.Runner;

/// <summary>
/// Turns feature text into pickles with Gherkin's own compiler, so outline expansion, background
/// prepending and rule scoping follow the Cucumber rules exactly instead of a home-grown copy of them.
/// </summary>
public static class GherkinFeatureCompiler
{
    /// <param name="relativePath">The feature's path under <c>Features/</c>; also its Cucumber source uri.</param>
    /// <param name="text">The feature file's text.</param>
    /// <param name="ids">
    /// Issues the ids of the document's AST nodes and of its pickles. Reqnroll's formatters put every feature of a
    /// run into one report, and the HTML report's search index refuses a second node with the same id, so features
    /// compiled for one run must share one generator (see <see cref="FeatureCatalog"/>). A fresh one by default.
    /// </param>
    public static CompiledFeature Compile(string relativePath, string text, IIdGenerator? ids = null)
    {
        var ast = new Parser().Parse(new StringReader(text));
        // One id generator for document and pickles: pickles refer to AST nodes by these ids.
        ids ??= new IncrementingIdGenerator();
        var document = new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, relativePath);
        var pickles = new PickleCompiler(ids).Compile(document);
        var source = new Source(relativePath, text, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN);
        var messages = new FeatureMessages(source, document, pickles);

        var feature = document.Feature;
        if (feature is null)
        {
            return new CompiledFeature(relativePath, Path.GetFileNameWithoutExtension(relativePath), "", "en", [], [], messages);
        }

        var index = AstIndex.Build(feature);
        var featureTags = TagNames(feature.Tags);
        var scenarios = pickles.Select((pickle, i) => ToScenario(i, pickle, index, featureTags)).ToArray();
        return new CompiledFeature(
            relativePath, feature.Name, feature.Description?.Trim() ?? "", feature.Language, featureTags, scenarios, messages);
    }

    private static CompiledScenario ToScenario(int pickleIndex, Pickle pickle, AstIndex index, IReadOnlyList<string> featureTags)
    {
        var scenario = index.Scenarios[pickle.AstNodeIds[0]];
        var rule = index.RuleOfScenario.GetValueOrDefault(scenario.Id);
        var ruleInfo = rule is null ? null : new CompiledRule(rule.Name, rule.Description?.Trim() ?? "", TagNames(rule.Tags));

        var exampleValues = new List<KeyValuePair<string, string>>();
        var ownTags = TagNames(scenario.Tags).ToList();
        // A second AST id means this pickle came from an Examples row.
        if (pickle.AstNodeIds.Count > 1 && index.ExampleRows.TryGetValue(pickle.AstNodeIds[1], out var example))
        {
            var (examples, row) = example;
            var header = examples.TableHeader?.Cells ?? [];
            exampleValues.AddRange(header.Zip(row.Cells, (h, c) => new KeyValuePair<string, string>(h.Value, c.Value)));
            ownTags.AddRange(TagNames(examples.Tags));
        }

        var steps = new List<CompiledStep>(pickle.Steps.Count);
        var previous = StepKind.Given;
        foreach (var step in pickle.Steps)
        {
            var kind = step.Type switch
            {
                PickleStepType.CONTEXT => StepKind.Given,
                PickleStepType.ACTION => StepKind.When,
                PickleStepType.OUTCOME => StepKind.Then,
                // '*' steps or a leading And: keep the previous kind, as Reqnroll's generator does.
                _ => previous,
            };
            previous = kind;
            var keyword = index.Steps.TryGetValue(step.AstNodeIds[0], out var astStep) ? astStep.Keyword : kind + " ";
            var table = step.Argument?.DataTable?.Rows
                .Select(r => (IReadOnlyList<string>)r.Cells.Select(c => c.Value).ToArray())
                .ToArray();
            steps.Add(new CompiledStep(keyword, kind, step.Text, table, step.Argument?.DocString?.Content));
        }

        var inherited = featureTags.Concat(ruleInfo?.Tags ?? []).ToArray();
        return new CompiledScenario(
            pickleIndex,
            pickle.Name,
            scenario.Description?.Trim() ?? "",
            ownTags,
            inherited,
            exampleValues,
            ruleInfo,
            steps);
    }

    private static ReadOnlyCollection<string> TagNames(IEnumerable<Tag>? tags) =>
        (tags ?? []).Select(t => t.Name.TrimStart('@')).ToList().AsReadOnly();

    /// <summary>Lookup from AST ids (as referenced by pickles) back to the nodes they came from.</summary>
    private sealed record AstIndex(
        Dictionary<string, Messages.Scenario> Scenarios,
        Dictionary<string, Messages.Step> Steps,
        Dictionary<string, (Messages.Examples Examples, TableRow Row)> ExampleRows,
        Dictionary<string, Messages.Rule> RuleOfScenario)
    {
        public static AstIndex Build(Messages.Feature feature)
        {
            var index = new AstIndex([], [], [], []);
            foreach (var child in feature.Children)
            {
                index.Add(child.Background, child.Scenario, null);
                if (child.Rule is { } rule)
                {
                    foreach (var ruleChild in rule.Children)
                    {
                        index.Add(ruleChild.Background, ruleChild.Scenario, rule);
                    }
                }
            }

            return index;
        }

        private void Add(Messages.Background? background, Messages.Scenario? scenario, Messages.Rule? rule)
        {
            foreach (var step in background?.Steps ?? [])
            {
                Steps[step.Id] = step;
            }

            if (scenario is null)
            {
                return;
            }

            Scenarios[scenario.Id] = scenario;
            if (rule is not null)
            {
                RuleOfScenario[scenario.Id] = rule;
            }

            foreach (var step in scenario.Steps)
            {
                Steps[step.Id] = step;
            }

            foreach (var examples in scenario.Examples)
            {
                foreach (var row in examples.TableBody)
                {
                    ExampleRows[row.Id] = (examples, row);
                }
            }
        }
    }
}
