using Tsm.Gateway.Sms.Links;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Gateway.Sms.Cmpp;

/// <summary>
/// One SP account at an ISMG (docs/sms.md "CMPP 2.0 / 3.0"), on the settings every account has (<see cref="SmsLinkOptions"/>).
/// The defaults are the spec's: port 7890 (long connection), window 16, ACTIVE_TEST after C = 3 min idle, T = 60 s
/// for any response, N = 3 tries. <see cref="SharedSecret"/> never appears in logs or in <see cref="ToString"/>.
/// </summary>
public sealed class CmppAccountOptions() : SmsLinkOptions(port: CmppHeader.LongConnectionPort, window: 16, responseTimeout: TimeSpan.FromSeconds(60))
{
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

    /// <summary>C: idle time after which ACTIVE_TEST is sent; <see cref="SmsLinkOptions.MaxAttempts"/> (N) unanswered in a row drop the link.</summary>
    public TimeSpan ActiveTestInterval { get; set; } = TimeSpan.FromMinutes(3);

    public CmppVersion ParsedVersion => Version switch
    {
        "2.0" or "2" or "20" => CmppVersion.V20,
        "3.0" or "3" or "30" => CmppVersion.V30,
        _ => throw new InvalidOperationException($"CMPP version '{Version}' is not 2.0 or 3.0"),
    };

    protected override string KeepAliveKey => nameof(ActiveTestInterval);

    public override TimeSpan KeepAliveInterval => ActiveTestInterval;

    public override int KeepAliveMaxMisses => MaxAttempts;

    protected override IEnumerable<string> ValidateProtocol(string prefix)
    {
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
    }

    public override string ToString() => $"CMPP account {Name} (SP {SpId}, {Host}:{Port}, CMPP {Version})";
}
