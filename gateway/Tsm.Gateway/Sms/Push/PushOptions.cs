namespace Tsm.Gateway.Sms.Push;

/// <summary>Wake-up push settings (section "Sms:Push"; docs/sms.md).</summary>
public sealed class PushOptions
{
    public const string Section = "Sms:Push";

    /// <summary>The application port the wallet client listens on (UDH destination port).</summary>
    public ushort DestinationPort { get; set; } = 0x3F11;

    /// <summary>The UDH source port.</summary>
    public ushort SourcePort { get; set; }

    /// <summary>How long a push can be sent and presented by the wallet.</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a push handed to a link waits for the SMSC's answer before it is in doubt and sent again.</summary>
    public TimeSpan InDoubtAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first pause after a throttled or failed submit; it doubles up to <see cref="MaxRetryPause"/>.</summary>
    public TimeSpan RetryPause { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryPause { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Submits before a push is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>The most pushes the sender takes from the outbox at once.</summary>
    public int BatchSize { get; set; } = 512;
}
