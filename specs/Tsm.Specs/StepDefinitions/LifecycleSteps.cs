using Reqnroll;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

[Binding]
public sealed class LifecycleSteps(FeatureContext featureContext)
{
    [Then("this feature has been started once and not yet ended")]
    public void ThenThisFeatureIsRunningOnce()
    {
        var title = featureContext.FeatureInfo.Title;
        Assert.Equal(1, FeatureLifecycleLog.StartsOf(title));
        Assert.Equal(0, FeatureLifecycleLog.EndsOf(title));
    }

    // Tolerates a --filter that left the other feature out: then it neither started nor ended.
    [Then("the feature {string}, if it ran, was started once and ended once")]
    public void ThenTheFeatureRanOnce(string title)
    {
        Assert.InRange(FeatureLifecycleLog.StartsOf(title), 0, 1);
        Assert.Equal(FeatureLifecycleLog.StartsOf(title), FeatureLifecycleLog.EndsOf(title));
    }
}
