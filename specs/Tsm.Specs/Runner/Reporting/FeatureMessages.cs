using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters.RuntimeSupport;

namespace Tsm.Specs.Runner.Reporting;

/// <summary>
/// Hands Reqnroll's formatters the same Source/GherkinDocument/Pickle messages its code generator would have
/// embedded as a resource; without them the HTML/message formatters have nothing to attach results to.
/// </summary>
public sealed class FeatureMessages(Source source, GherkinDocument document, IReadOnlyList<Pickle> pickles)
    : IFeatureLevelCucumberMessages
{
    public bool HasMessages => true;

    public Source Source { get; } = source;

    public GherkinDocument GherkinDocument { get; } = document;

    public IEnumerable<Pickle> Pickles => pickles;
}
