namespace Tsm.Grains.Ota;

/// <summary>Keeps the MSISDN each registered SE is bound to, for messages that name a number rather than an SE (MO SMS), and pages through them by SEID.</summary>
public interface ISeDirectory
{
    Task BindAsync(string seId, string msisdn);

    /// <summary>Removes the SE's binding to <paramref name="msisdn"/>, if it is still the bound number (requirement 5.5.6).</summary>
    Task UnbindAsync(string seId, string msisdn);

    /// <summary>Registered SEs whose SEID is in [from, to] and after <paramref name="after"/>, in SEID order: a page of an SE batch.</summary>
    Task<IReadOnlyList<string>> SeIdsInRangeAsync(string from, string to, string? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps the free memory the SE last reported (bytes; null where not read), for queries over many SEs
    /// (requirement 5.6.7.3, docs/management/statistics.md). The SE grain calls it when a task's card facts carry it.
    /// </summary>
    Task RecordSpaceAsync(string seId, long? freeNonVolatile, long? freeVolatile) => Task.CompletedTask;
}
