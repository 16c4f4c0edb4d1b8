namespace Tsm.Grains.Ota.Transcripts;

/// <summary>What is kept of finished tasks, and for how long (section "Transcripts"; docs/configuration.md).</summary>
public sealed class TranscriptOptions
{
    public const string Section = "Transcripts";

    /// <summary>
    /// The share of succeeded tasks whose transcript is kept, 0 to 1 (failed and aborted tasks keep theirs always).
    /// Chosen by the task id, so the same task is always in or out of the sample.
    /// </summary>
    public double SuccessSampleRate { get; set; } = 0.01;

    /// <summary>Days a transcript is kept; the purge deletes older ones. At least 1.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>How often the purge of transcripts past retention runs.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The settings' mistakes, for validation at start (empty when they are sound).</summary>
    public IEnumerable<string> Problems()
    {
        if (double.IsNaN(SuccessSampleRate) || SuccessSampleRate is < 0 or > 1)
            yield return "Transcripts:SuccessSampleRate must be between 0 and 1.";
        if (RetentionDays is < 1 or > 3650)
            yield return "Transcripts:RetentionDays must be 1..3650.";
        if (PurgeInterval <= TimeSpan.Zero || PurgeInterval > TimeSpan.FromDays(1))
            yield return "Transcripts:PurgeInterval must be positive and at most a day.";
    }
}
