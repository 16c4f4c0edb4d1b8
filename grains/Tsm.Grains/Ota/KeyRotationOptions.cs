namespace Tsm.Grains.Ota;

/// <summary>Options of the batch key rotation job (section "KeyRotation"; docs/ota.md, "Batch key rotation").</summary>
public sealed class KeyRotationOptions
{
    public const string Section = "KeyRotation";

    /// <summary>SEs per step: their updates are queued concurrently, then the counters and the cursor are written together.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>The pause between two steps (a grain timer on Orleans' clock).</summary>
    public TimeSpan PagePause { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often the job's reminder fires while it runs, re-arming the timer when the job's activation is gone (a
    /// restart, a lost silo). At least Orleans' minimum reminder period (one minute unless Orleans:Reminders says less).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
