namespace Tsm.Gateway.Outbox;

/// <summary>
/// The settings every outbox has, bound in its owner's section (<c>Sms:Push</c>, <c>ServiceProviders:Callbacks</c>;
/// docs/architecture.md, "Shared infrastructure"): the batch a round takes, the lease of a claimed row, and the back-off of a
/// failed send until <see cref="MaxAttempts"/>. Each owner gives its defaults and what its lease is.
/// </summary>
public abstract class OutboxOptions
{
    protected OutboxOptions(TimeSpan retryPause, TimeSpan maxRetryPause, int maxAttempts, int batchSize)
    {
        RetryPause = retryPause;
        MaxRetryPause = maxRetryPause;
        MaxAttempts = maxAttempts;
        BatchSize = batchSize;
    }

    /// <summary>The first pause after a failed send; it doubles with each attempt up to <see cref="MaxRetryPause"/>.</summary>
    public TimeSpan RetryPause { get; set; }

    public TimeSpan MaxRetryPause { get; set; }

    /// <summary>Sends before a row is given up as failed.</summary>
    public int MaxAttempts { get; set; }

    /// <summary>The most rows a round takes from the outbox at once.</summary>
    public int BatchSize { get; set; }

    /// <summary>How long a claimed row is leased: a row whose outcome was never recorded is in doubt after it, and taken again.</summary>
    public abstract TimeSpan Lease { get; }

    /// <summary>The pause after failed attempt number <paramref name="attempts"/> (1, 2, …): <see cref="RetryPause"/> doubled per attempt, at most <see cref="MaxRetryPause"/>.</summary>
    public TimeSpan PauseAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryPause.Ticks, RetryPause.Ticks << Math.Clamp(attempts - 1, 0, 20)));

    /// <summary>The problems with the shared settings, named under <paramref name="section"/> (empty when valid).</summary>
    public IEnumerable<string> Validate(string section, int maxBatchSize)
    {
        if (RetryPause <= TimeSpan.Zero || MaxRetryPause < RetryPause)
            yield return $"{section}:RetryPause must be positive and {section}:MaxRetryPause at least as long.";
        if (MaxAttempts < 1)
            yield return $"{section}:MaxAttempts must be 1 or more.";
        if (BatchSize < 1 || BatchSize > maxBatchSize)
            yield return $"{section}:BatchSize must be 1..{maxBatchSize}.";
    }
}
