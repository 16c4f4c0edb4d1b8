using System.Collections.Concurrent;
using Reqnroll;

namespace Tsm.Specs.Support;

/// <summary>
/// Counts Reqnroll feature starts and ends so a spec can check that the runner keeps a feature's
/// scenarios together (one start, one end per feature) rather than trusting the ordering by eye.
/// </summary>
[Binding]
public sealed class FeatureLifecycleLog
{
    private static readonly ConcurrentDictionary<string, int> Starts = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int> Ends = new(StringComparer.Ordinal);

    public static int StartsOf(string featureTitle) => Starts.GetValueOrDefault(featureTitle);

    public static int EndsOf(string featureTitle) => Ends.GetValueOrDefault(featureTitle);

    [BeforeFeature]
    public static void RecordStart(FeatureContext feature) =>
        Starts.AddOrUpdate(feature.FeatureInfo.Title, 1, (_, n) => n + 1);

    [AfterFeature]
    public static void RecordEnd(FeatureContext feature) =>
        Ends.AddOrUpdate(feature.FeatureInfo.Title, 1, (_, n) => n + 1);
}
