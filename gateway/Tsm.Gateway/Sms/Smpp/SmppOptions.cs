using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Gateway.Sms.Smpp;

/// <summary>The SMPP accounts (configuration section <c>Sms:Smpp</c>, list <c>Sms:Smpp:Accounts</c>).</summary>
public sealed class SmppOptions
{
    public const string Section = "Sms:Smpp";

    public List<SmppAccountOptions> Accounts { get; } = [];
}

/// <summary>One SMSC account: where it is, how to bind, and how the links behave. See docs/sms.md.</summary>
public sealed class SmppAccountOptions
{
    /// <summary>The account's name, unique among SMS accounts (logs, routing).</summary>
    public string Name { get; set; } = "";

    public string Host { get; set; } = "127.0.0.1";

    /// <summary>SMSC port; 2775 is the customary SMPP port.</summary>
    public int Port { get; set; } = 2775;

    /// <summary>system_id, at most 15 characters.</summary>
    public string SystemId { get; set; } = "";

    /// <summary>password, at most 8 characters. Never logged; set it from a secret store or environment variable.</summary>
    public string Password { get; set; } = "";

    /// <summary>system_type, at most 12 characters.</summary>
    public string SystemType { get; set; } = "";

    public SmppBindMode BindMode { get; set; } = SmppBindMode.Transceiver;

    /// <summary>address_range of the bind (MO routing at the SMSC), at most 40 characters.</summary>
    public string AddressRange { get; set; } = "";

    /// <summary>service_type of submits, at most 5 characters.</summary>
    public string ServiceType { get; set; } = "";

    /// <summary>source_addr of submits (the service number), at most 20 characters.</summary>
    public string SourceAddress { get; set; } = "";

    public byte SourceTon { get; set; }

    public byte SourceNpi { get; set; }

    /// <summary>dest_addr_ton of submits: 1 international.</summary>
    public byte DestinationTon { get; set; } = 1;

    /// <summary>dest_addr_npi of submits: 1 E.164.</summary>
    public byte DestinationNpi { get; set; } = 1;

    public int Links { get; set; } = 1;

    /// <summary>Unanswered submits per link (SMPP sets no limit; Kannel uses 10; 50 here).</summary>
    public int Window { get; set; } = 50;

    /// <summary>Submits per second over all links; 0 = unlimited.</summary>
    public double RatePerSecond { get; set; }

    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxAttempts { get; set; } = 3;

    /// <summary>Idle time before an enquire_link (Kannel's default is 30 s).</summary>
    public TimeSpan EnquireLinkInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Pause after ESME_RTHROTTLED or ESME_RMSGQFUL.</summary>
    public TimeSpan ThrottlePause { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Re-send submits in flight at a disconnect (at-least-once; the SMSC may see duplicates).</summary>
    public bool ResendInDoubt { get; set; } = true;

    public SmsLinkOptions ToLinkOptions() => new()
    {
        Host = Host,
        Port = Port,
        Links = Links,
        Window = Window,
        RatePerSecond = RatePerSecond,
        ResponseTimeout = ResponseTimeout,
        MaxAttempts = MaxAttempts,
        KeepAliveInterval = EnquireLinkInterval,
        KeepAliveMaxMisses = 1,
        ConnectTimeout = ConnectTimeout,
        ReconnectDelay = ReconnectDelay,
        MaxReconnectDelay = MaxReconnectDelay,
        ThrottlePause = ThrottlePause,
        CloseTimeout = CloseTimeout,
        ResendInDoubt = ResendInDoubt,
    };

    /// <summary>The problems with this account's settings (empty when valid). Never includes the password.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Name))
            yield return $"{prefix}:Name is required.";
        if (string.IsNullOrEmpty(SystemId) || SystemId.Length > 15)
            yield return $"{prefix}:SystemId is required and takes at most 15 characters.";
        if (Password.Length > 8)
            yield return $"{prefix}:Password takes at most 8 characters.";
        if (SystemType.Length > 12)
            yield return $"{prefix}:SystemType takes at most 12 characters.";
        if (AddressRange.Length > 40)
            yield return $"{prefix}:AddressRange takes at most 40 characters.";
        if (ServiceType.Length > 5)
            yield return $"{prefix}:ServiceType takes at most 5 characters.";
        if (SourceAddress.Length > 20)
            yield return $"{prefix}:SourceAddress takes at most 20 characters.";
        foreach (var problem in ToLinkOptions().Validate(prefix))
            yield return problem.Replace(":KeepAliveInterval", ":EnquireLinkInterval", StringComparison.Ordinal);
    }

    public override string ToString() => $"{Name} ({SystemId}@{Host}:{Port}, {BindMode})";
}

/// <summary>Checks <see cref="SmppOptions"/> when the host starts.</summary>
public sealed class SmppOptionsValidator : IValidateOptions<SmppOptions>
{
    public ValidateOptionsResult Validate(string? name, SmppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SmsAccountsValidation.Validate(SmppOptions.Section, options.Accounts, a => a.Name, (a, prefix) => a.Validate(prefix));
    }
}
