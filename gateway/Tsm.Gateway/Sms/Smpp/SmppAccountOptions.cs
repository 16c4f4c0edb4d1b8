using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Gateway.Sms.Smpp;

/// <summary>
/// One SMSC account: how to bind and what to submit with, on the settings every account has
/// (<see cref="SmsLinkOptions"/>: port 2775, window 50, 10 s for a response here). See docs/sms.md.
/// </summary>
public sealed class SmppAccountOptions() : SmsLinkOptions(port: 2775, window: 50, responseTimeout: TimeSpan.FromSeconds(10))
{
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

    /// <summary>Idle time before an enquire_link (Kannel's default is 30 s); one unanswered closes the link.</summary>
    public TimeSpan EnquireLinkInterval { get; set; } = TimeSpan.FromSeconds(30);

    protected override string KeepAliveKey => nameof(EnquireLinkInterval);

    public override TimeSpan KeepAliveInterval => EnquireLinkInterval;

    public override int KeepAliveMaxMisses => 1;

    protected override IEnumerable<string> ValidateProtocol(string prefix)
    {
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
    }

    public override string ToString() => $"{Name} ({SystemId}@{Host}:{Port}, {BindMode})";
}
