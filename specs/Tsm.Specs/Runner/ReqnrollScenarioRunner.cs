using System.Collections.Specialized;
using System.Globalization;
using System.Reflection;
using Reqnroll;
using Xunit;

namespace Tsm.Specs.Runner;

/// <summary>
/// Drives Reqnroll's public runtime the way its generated test classes do: one test run, feature
/// start/end around each feature's scenarios, and per scenario initialize/start/steps/collect/end.
/// Callers run scenarios one at a time, ordered by feature (see <see cref="FeatureOrderer"/>).
/// </summary>
public sealed class ReqnrollScenarioRunner(Assembly bindingAssembly)
{
    private readonly Dictionary<string, FeatureInfo> features = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);
    private FeatureInfo? currentFeature;

    public Task StartRunAsync() => TestRunnerManager.OnTestRunStartAsync(bindingAssembly);

    public async Task EndRunAsync()
    {
        await EndCurrentFeatureAsync();
        await TestRunnerManager.OnTestRunEndAsync(bindingAssembly);
    }

    /// <summary>
    /// Ends the feature whose scenarios just finished. The runner pool hands out a fresh runner when the
    /// feature hint changes, so the old feature would otherwise stay open until the run ends.
    /// </summary>
    private async Task EndCurrentFeatureAsync()
    {
        if (currentFeature is null)
        {
            return;
        }

        var runner = TestRunnerManager.GetTestRunnerForAssembly(bindingAssembly, null, currentFeature);
        try
        {
            if (runner.FeatureContext is { } context && ReferenceEquals(context.FeatureInfo, currentFeature))
            {
                await runner.OnFeatureEndAsync();
            }
        }
        finally
        {
            TestRunnerManager.ReleaseTestRunner(runner);
            currentFeature = null;
        }
    }

    public async Task RunAsync(CompiledFeature feature, CompiledScenario scenario)
    {
        await gate.WaitAsync();
        try
        {
            await RunExclusiveAsync(feature, scenario);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RunExclusiveAsync(CompiledFeature feature, CompiledScenario scenario)
    {
        var featureInfo = GetFeatureInfo(feature);
        if (currentFeature is not null && !ReferenceEquals(currentFeature, featureInfo))
        {
            await EndCurrentFeatureAsync();
        }

        currentFeature = featureInfo;
        var runner = TestRunnerManager.GetTestRunnerForAssembly(bindingAssembly, null, featureInfo);
        try
        {
            // A runner still bound to the previous feature ends it first, so feature hooks pair up.
            if (runner.FeatureContext is { } context && !ReferenceEquals(context.FeatureInfo, featureInfo))
            {
                await runner.OnFeatureEndAsync();
            }

            if (runner.FeatureContext is null)
            {
                await runner.OnFeatureStartAsync(featureInfo);
            }

            await RunScenarioAsync(runner, scenario.DisplayName(feature.Title), scenario);
        }
        finally
        {
            TestRunnerManager.ReleaseTestRunner(runner);
        }
    }

    private static async Task RunScenarioAsync(ITestRunner runner, string displayName, CompiledScenario scenario)
    {
        var arguments = new OrderedDictionary();
        foreach (var (key, value) in scenario.ExampleValues)
        {
            arguments[key] = value;
        }

        var scenarioInfo = new ScenarioInfo(
            scenario.Name,
            scenario.Description,
            [.. scenario.OwnTags],
            arguments,
            [.. scenario.InheritedTags],
            scenario.PickleIndex.ToString(CultureInfo.InvariantCulture));
        var ruleInfo = scenario.Rule is { } rule ? new RuleInfo(rule.Title, rule.Description, [.. rule.Tags]) : null;

        runner.OnScenarioInitialize(scenarioInfo, ruleInfo);
        CompiledStep? failedStep = null;
        Exception? failure = null;
        try
        {
            if (scenario.IsIgnored)
            {
                await runner.SkipScenarioAsync();
                // Nothing runs once the scenario is skipped: Reqnroll reports each step as skipped (an unbound one as
                // undefined), so the report still shows what the ignored scenario says.
                foreach (var step in scenario.Steps)
                {
                    await InvokeStepAsync(runner, step);
                }
            }
            else
            {
                await runner.OnScenarioStartAsync();
                foreach (var step in scenario.Steps)
                {
                    await InvokeStepAsync(runner, step);
                    // Reqnroll records the error and skips later steps; the first non-OK status marks the culprit.
                    if (failedStep is null && runner.ScenarioContext.ScenarioExecutionStatus != ScenarioExecutionStatus.OK)
                    {
                        failedStep = step;
                    }
                }
            }

            await runner.CollectScenarioErrorsAsync();
        }
        catch (SkipException)
        {
            throw;
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            await runner.OnScenarioEndAsync();
        }

        if (failure is not null)
        {
            throw new ScenarioFailedException(ScenarioFailureMessage.Build(displayName, failedStep, failure), failure);
        }

        // Reqnroll normally reports the ignore through TestIgnore; this keeps the test skipped if it does not.
        Skip.If(scenario.IsIgnored, "Scenario is tagged @ignore");
    }

    private static Task InvokeStepAsync(ITestRunner runner, CompiledStep step)
    {
        var table = ToTable(step.Table);
        return step.Kind switch
        {
            StepKind.Given => runner.GivenAsync(step.Text, step.DocString, table, step.Keyword),
            StepKind.When => runner.WhenAsync(step.Text, step.DocString, table, step.Keyword),
            _ => runner.ThenAsync(step.Text, step.DocString, table, step.Keyword),
        };
    }

    private static Table? ToTable(IReadOnlyList<IReadOnlyList<string>>? rows)
    {
        if (rows is null || rows.Count == 0)
        {
            return null;
        }

        var table = new Table([.. rows[0]]);
        foreach (var row in rows.Skip(1))
        {
            table.AddRow([.. row]);
        }

        return table;
    }

    private FeatureInfo GetFeatureInfo(CompiledFeature feature)
    {
        // Reqnroll compares FeatureInfo instances, so each feature gets exactly one.
        if (!features.TryGetValue(feature.RelativePath, out var info))
        {
            var folder = Path.GetDirectoryName(Path.Combine("Features", feature.RelativePath))?.Replace('\\', '/') ?? "Features";
            info = new FeatureInfo(
                ResolveCulture(feature.Language),
                folder,
                feature.Title,
                feature.Description,
                ProgrammingLanguage.CSharp,
                [.. feature.Tags],
                feature.Messages);
            features[feature.RelativePath] = info;
        }

        return info;
    }

    private static CultureInfo ResolveCulture(string language)
    {
        // The build uses invariant globalization; Reqnroll only needs the culture to pick Gherkin keywords.
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }
}
