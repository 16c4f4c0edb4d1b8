using Tsm.Gateway.Storage;

namespace Tsm.Gateway.Parameters;

/// <summary>
/// The system parameter table as a configuration source (docs/parameters.md): added last, so a stored value wins
/// over the configuration files, environment variables and command line. See <see cref="ParameterConfigurationProvider"/>.
/// </summary>
public sealed class ParameterConfigurationSource : IConfigurationSource
{
    /// <summary>The database holding the table; null when the storage settings name none (nothing is loaded).</summary>
    public IPlatformDatabase? Database { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ParameterConfigurationProvider(Database);
}
