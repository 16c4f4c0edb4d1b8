namespace Tsm.Grains.Ota;

/// <summary>The end of the task: its outcome, what the card told, and what the platform now knows of the application's content.</summary>
public sealed record OtaFinished(TaskOutcome Outcome, CardFacts Facts, KnownContent Content) : OtaStep;
