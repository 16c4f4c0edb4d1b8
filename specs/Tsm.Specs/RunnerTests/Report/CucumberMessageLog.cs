using System.Text.Json;
using System.Text.Json.Serialization;
using Tsm.Specs.Runner;

namespace Tsm.Specs.RunnerTests.Report;

/// <summary>
/// Cucumber messages (one envelope per ndjson line) and the references between them that the HTML report follows:
/// pickle → source and gherkin document (uri), pickle → document nodes (astNodeIds), test case → pickle and pickle
/// steps, test step → step definition or hook, and the started/finished events → test cases and steps. Every id must
/// be unique in the whole run; the report's search index refuses a second document with the same id.
/// </summary>
public sealed class CucumberMessageLog
{
    private static readonly JsonSerializerOptions MessageJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly IReadOnlyList<(string Type, JsonElement Message)> envelopes;

    private CucumberMessageLog(IReadOnlyList<(string Type, JsonElement Message)> envelopes) => this.envelopes = envelopes;

    public IReadOnlyList<string> Types => envelopes.Select(e => e.Type).ToArray();

    public static CucumberMessageLog Parse(string ndjson) =>
        new(ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                using var document = JsonDocument.Parse(line);
                var property = document.RootElement.EnumerateObject().Single();
                return (property.Name, property.Value.Clone());
            })
            .ToArray());

    /// <summary>The messages the adapter hands Reqnroll for these features, as Reqnroll writes them out.</summary>
    public static CucumberMessageLog FromFeatures(IEnumerable<CompiledFeature> features) =>
        new(features
            .SelectMany(f => new (string, object)[] { ("source", f.Messages.Source), ("gherkinDocument", f.Messages.GherkinDocument) }
                .Concat(f.Messages.Pickles.Select(p => ("pickle", (object)p))))
            .Select(m => (m.Item1, JsonSerializer.SerializeToElement(m.Item2, m.Item2.GetType(), MessageJson)))
            .ToArray());

    public IEnumerable<JsonElement> Of(string type) => envelopes.Where(e => e.Type == type).Select(e => e.Message);

    /// <summary>Every reference that points nowhere and every id used twice; empty when the report can follow them all.</summary>
    public IReadOnlyList<string> BrokenLinks()
    {
        var problems = new List<string>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (type, message) in envelopes)
        {
            foreach (var id in IdsWithin(message))
            {
                if (!ids.TryAdd(id, type))
                {
                    problems.Add($"id '{id}' of a {type} is already used by a {ids[id]}");
                }
            }
        }

        var sources = Of("source").Select(s => Text(s, "uri")).ToHashSet(StringComparer.Ordinal);
        var documentNodes = Of("gherkinDocument").ToDictionary(
            d => Text(d, "uri"), d => IdsWithin(d).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        problems.AddRange(documentNodes.Keys.Where(uri => !sources.Contains(uri)).Select(uri => $"gherkin document '{uri}' has no source"));

        var pickleSteps = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var pickle in Of("pickle"))
        {
            var name = $"pickle '{Text(pickle, "name")}'";
            pickleSteps[Text(pickle, "id")] = Items(pickle, "steps").Select(s => Text(s, "id")).ToHashSet(StringComparer.Ordinal);
            if (!documentNodes.TryGetValue(Text(pickle, "uri"), out var nodes))
            {
                problems.Add($"{name} has uri '{Text(pickle, "uri")}' without a gherkin document");
                continue;
            }

            var references = Items(pickle, "astNodeIds").Select(i => i.GetString()!)
                .Concat(Items(pickle, "steps").SelectMany(s => Items(s, "astNodeIds")).Select(i => i.GetString()!))
                .Concat(Items(pickle, "tags").Select(t => Text(t, "astNodeId")));
            problems.AddRange(references.Where(r => !nodes.Contains(r)).Select(r => $"{name} refers to node '{r}', not in its document"));
        }

        var stepDefinitions = Of("stepDefinition").Select(s => Text(s, "id")).Concat(Of("hook").Select(h => Text(h, "id"))).ToHashSet(StringComparer.Ordinal);
        var testSteps = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var testCase in Of("testCase"))
        {
            var pickleId = Text(testCase, "pickleId");
            testSteps[Text(testCase, "id")] = Items(testCase, "testSteps").Select(s => Text(s, "id")).ToHashSet(StringComparer.Ordinal);
            if (!pickleSteps.TryGetValue(pickleId, out var steps))
            {
                problems.Add($"test case '{Text(testCase, "id")}' refers to pickle '{pickleId}', which is not in the log");
                continue;
            }

            foreach (var step in Items(testCase, "testSteps"))
            {
                if (step.TryGetProperty("pickleStepId", out var pickleStep) && !steps.Contains(pickleStep.GetString()!))
                {
                    problems.Add($"test step '{Text(step, "id")}' refers to pickle step '{pickleStep}', not in pickle '{pickleId}'");
                }

                var definitions = Items(step, "stepDefinitionIds").Select(d => d.GetString()!)
                    .Concat(step.TryGetProperty("hookId", out var hook) ? [hook.GetString()!] : []);
                problems.AddRange(definitions.Where(d => !stepDefinitions.Contains(d)).Select(d => $"test step '{Text(step, "id")}' refers to unknown definition '{d}'"));
            }
        }

        var started = Of("testCaseStarted").ToDictionary(s => Text(s, "id"), s => Text(s, "testCaseId"), StringComparer.Ordinal);
        problems.AddRange(started.Where(s => !testSteps.ContainsKey(s.Value)).Select(s => $"test case started '{s.Key}' refers to unknown test case '{s.Value}'"));
        foreach (var type in new[] { "testStepStarted", "testStepFinished", "testCaseFinished" })
        {
            foreach (var message in Of(type))
            {
                var startedId = Text(message, "testCaseStartedId");
                if (!started.TryGetValue(startedId, out var testCaseId))
                {
                    problems.Add($"{type} refers to unknown test case started '{startedId}'");
                }
                else if (message.TryGetProperty("testStepId", out var stepId)
                    && !(testSteps.TryGetValue(testCaseId, out var steps) && steps.Contains(stepId.GetString()!)))
                {
                    problems.Add($"{type} refers to step '{stepId}', not in test case '{testCaseId}'");
                }
            }
        }

        return problems;
    }

    /// <summary>The "id" of a message and of everything nested in it (document nodes, pickle steps, test steps).</summary>
    public static IEnumerable<string> IdsWithin(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "id" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : IdsWithin(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(IdsWithin),
        _ => [],
    };

    public static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ToString() : "";

    public static IEnumerable<JsonElement> Items(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
}
