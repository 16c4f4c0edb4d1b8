using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tsm.Specs.Runner;

/// <summary>
/// A single pickle as an xUnit test: readable display name, Gherkin tags as "Category" traits (so
/// <c>dotnet test --filter Category=smoke</c> works), and SkipException reported as skipped.
/// Only (feature path, pickle index) is serialized; the rest is recomputed from the feature file.
/// </summary>
public sealed class ScenarioTestCase : SkippableFactTestCase
{
    public const string CategoryTrait = "Category";
    public const string FeatureTrait = "Feature";

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes", error: true)]
    public ScenarioTestCase()
    {
    }

    public ScenarioTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        object[] testMethodArguments)
        : base([typeof(Xunit.SkipException).FullName!], diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
    }

    public string FeaturePath => (string)TestMethodArguments[0];

    public int PickleIndex => Convert.ToInt32(TestMethodArguments[1], System.Globalization.CultureInfo.InvariantCulture);

    protected override void Initialize()
    {
        base.Initialize();
        var feature = FeatureCatalog.Find(FeatureCatalog.DefaultRoot, FeaturePath);
        var scenario = feature.Scenarios[PickleIndex];
        DisplayName = scenario.DisplayName(feature.Title);
        AddTrait(FeatureTrait, feature.Title);
        foreach (var tag in scenario.AllTags)
        {
            AddTrait(CategoryTrait, tag);
        }
    }

    private void AddTrait(string name, string value)
    {
        if (!Traits.TryGetValue(name, out var values))
        {
            Traits[name] = values = [];
        }

        if (!values.Contains(value))
        {
            values.Add(value);
        }
    }
}
