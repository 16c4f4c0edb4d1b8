using Tsm.Grains.Catalogue;

namespace Tsm.Grains.Domain;

/// <summary>An operator SD on an SE whose keys are older than its key update period (requirement 5.3.1).</summary>
public sealed record DueKeyUpdate(string Aid, SecurityDomainOnSe OnSe, SecurityDomainDefinition Definition);
