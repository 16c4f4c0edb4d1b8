namespace Tsm.Gateway.Management.Providers;

/// <summary>How many applications of a provider are not archived yet (deregistration waits for none: requirement 5.6.5).</summary>
public interface IApplicationCensus
{
    Task<int> CountUnarchivedAsync(string providerId, CancellationToken cancellationToken = default);
}
