using Reqnroll.Plugins;
using Reqnroll.UnitTestProvider;
using Tsm.Specs.Runner;

[assembly: RuntimePlugin(typeof(XunitRuntimePlugin))]

namespace Tsm.Specs.Runner;

/// <summary>
/// Reqnroll's default unit-test provider name refers to NUnit, whose package we do not ship;
/// this plugin registers our xUnit provider and selects it.
/// </summary>
public sealed class XunitRuntimePlugin : IRuntimePlugin
{
    public void Initialize(
        RuntimePluginEvents runtimePluginEvents,
        RuntimePluginParameters runtimePluginParameters,
        UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        runtimePluginEvents.RegisterGlobalDependencies += (_, e) =>
            e.ObjectContainer.RegisterTypeAs<XunitRuntimeProvider, IUnitTestRuntimeProvider>(XunitRuntimeProvider.Name);
        unitTestProviderConfiguration.UseUnitTestProvider(XunitRuntimeProvider.Name);
    }
}
