using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Gateway.Sms.Cmpp;

/// <summary>CMPP SP accounts, bound from <c>Sms:Cmpp</c> and validated at start.</summary>
public sealed class CmppOptions
{
    public const string Section = "Sms:Cmpp";

    /// <summary>One entry per ISMG account (<c>Sms:Cmpp:Accounts:0:...</c>).</summary>
    public List<CmppAccountOptions> Accounts { get; set; } = [];
}

/// <summary>
/// One SP account at an ISMG (PROTOCOLS.md §9). The defaults are the spec's: port 7890 (long connection), window 16,
/// ACTIVE_TEST after C = 3 min idle, T = 60 s for any response, N = 3 tries. <see cref="SharedSecret"/> never appears
/// in logs or in <see cref="ToString"/>.
/// </summary>
public sealed class CmppAccountOptions
{
    /// <summary>The account's name in logs and in <see cref="SmsSenders"/>.</summary>
    public string Name { get; set; } = string.Empty;

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = CmppHeader.LongConnectionPort;

    /// <summary>"2.0" or "3.0".</summary>
    public string Version { get; set; } = "3.0";

    /// <summary>The SP_Id: CONNECT Source_Addr and SUBMIT Msg_src (6 characters).</summary>
    public string SpId { get; set; } = string.Empty;

    public string SharedSecret { get; set; } = string.Empty;

    /// <summary>The SP's service number, SUBMIT Src_Id (e.g. 10657xxx), unless a message names its own source.</summary>
    public string SrcId { get; set; } = string.Empty;

    /// <summary>SUBMIT Service_Id (up to 10 characters).</summary>
    public string ServiceId { get; set; } = string.Empty;

    /// <summary>SUBMIT Fee_UserType: 0 the destination pays, 1 the source, 2 the SP, 3 Fee_terminal_Id.</summary>
    public byte FeeUserType { get; set; } = 2;

    /// <summary>SUBMIT FeeType: "01" free.</summary>
    public string FeeType { get; set; } = "01";

    public string FeeCode { get; set; } = "000000";

    /// <summary>Connections kept open to the ISMG.</summary>
    public int Links { get; set; } = 1;

    /// <summary>The sliding window W: SUBMITs sent and not yet answered, per link.</summary>
    public int Window { get; set; } = 16;

    /// <summary>SUBMITs per second over all links of the account; 0 = unlimited.</summary>
    public double RatePerSecond { get; set; }

    /// <summary>C: idle time after which ACTIVE_TEST is sent.</summary>
    public TimeSpan ActiveTestInterval { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>T: how long any response may take before the request is re-sent.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>N: sends of a message, and unanswered ACTIVE_TESTs in a row before the link is dropped.</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a link stops sending after Result 8 (flow control).</summary>
    public TimeSpan ThrottlePause { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Resend SUBMITs in flight when a link drops (at-least-once: the handset may get a duplicate).</summary>
    public bool ResendInDoubt { get; set; } = true;

    public CmppVersion ParsedVersion => Version switch
    {
        "2.0" or "2" or "20" => CmppVersion.V20,
        "3.0" or "3" or "30" => CmppVersion.V30,
        _ => throw new InvalidOperationException($"CMPP version '{Version}' is not 2.0 or 3.0"),
    };

    /// <summary>The protocol-neutral link settings.</summary>
    public SmsLinkOptions ToLinkOptions() => new()
    {
        Host = Host,
        Port = Port,
        Links = Links,
        Window = Window,
        RatePerSecond = RatePerSecond,
        ResponseTimeout = ResponseTimeout,
        MaxAttempts = MaxAttempts,
        KeepAliveInterval = ActiveTestInterval,
        KeepAliveMaxMisses = MaxAttempts,
        ConnectTimeout = ConnectTimeout,
        ReconnectDelay = ReconnectDelay,
        MaxReconnectDelay = MaxReconnectDelay,
        ThrottlePause = ThrottlePause,
        ResendInDoubt = ResendInDoubt,
    };

    /// <summary>The problems with this account's settings (empty when valid).</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Name))
            yield return $"{prefix}:Name is required.";
        if (Version is not ("2.0" or "2" or "20" or "3.0" or "3" or "30"))
            yield return $"{prefix}:Version must be 2.0 or 3.0.";
        if (string.IsNullOrEmpty(SpId) || SpId.Length > 6 || !SpId.All(char.IsAscii))
            yield return $"{prefix}:SpId is required (1 to 6 ASCII characters).";
        if (string.IsNullOrEmpty(SharedSecret) || !SharedSecret.All(char.IsAscii))
            yield return $"{prefix}:SharedSecret is required (ASCII).";
        if (SrcId.Length > 21)
            yield return $"{prefix}:SrcId has at most 21 characters.";
        if (ServiceId.Length > 10)
            yield return $"{prefix}:ServiceId has at most 10 characters.";
        if (FeeType.Length > 2 || FeeCode.Length > 6)
            yield return $"{prefix}:FeeType has at most 2 characters and FeeCode at most 6.";
        foreach (var problem in ToLinkOptions().Validate(prefix))
            yield return problem;
    }

    public override string ToString() => $"CMPP account {Name} (SP {SpId}, {Host}:{Port}, CMPP {Version})";
}

/// <summary>Validates <see cref="CmppOptions"/> at start: every account, with unique names.</summary>
public sealed class CmppOptionsValidator : IValidateOptions<CmppOptions>
{
    public ValidateOptionsResult Validate(string? name, CmppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SmsAccountsValidation.Validate(CmppOptions.Section, options.Accounts, a => a.Name, (a, prefix) => a.Validate(prefix));
    }
}
