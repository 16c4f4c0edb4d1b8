using System.Collections.Concurrent;
using Gherkin.CucumberMessages;

namespace Tsm.Specs.Runner;

/// <summary>
/// The .feature files copied next to the test assembly. Discovery and execution may run in different
/// processes, so both re-read the same files and address scenarios by (relative path, pickle index).
/// </summary>
public static class FeatureCatalog
{
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<CompiledFeature>>> Cache = new(StringComparer.Ordinal);

    public static string DefaultRoot =>
        Path.Combine(Path.GetDirectoryName(typeof(FeatureCatalog).Assembly.Location) ?? AppContext.BaseDirectory, "Features");

    public static IReadOnlyList<CompiledFeature> Load(string root) =>
        Cache.GetOrAdd(root, r => new Lazy<IReadOnlyList<CompiledFeature>>(() => LoadUncached(r))).Value;

    public static CompiledFeature Find(string root, string relativePath) =>
        Load(root).FirstOrDefault(f => f.RelativePath == relativePath)
        ?? throw new InvalidOperationException($"Feature '{relativePath}' is no longer under '{root}'.");

    private static IReadOnlyList<CompiledFeature> LoadUncached(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        // One id sequence for the whole catalog: the report holds every feature, and its ids must not repeat.
        var ids = new IncrementingIdGenerator();
        return Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative => GherkinFeatureCompiler.Compile(relative, File.ReadAllText(Path.Combine(root, relative)), ids))
            .ToArray();
    }
}
