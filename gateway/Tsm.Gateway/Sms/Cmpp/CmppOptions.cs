namespace Tsm.Gateway.Sms.Cmpp;

/// <summary>CMPP SP accounts, bound from <c>Sms:Cmpp</c> and validated at start.</summary>
public sealed class CmppOptions
{
    public const string Section = "Sms:Cmpp";

    /// <summary>One entry per ISMG account (<c>Sms:Cmpp:Accounts:0:...</c>).</summary>
    public List<CmppAccountOptions> Accounts { get; set; } = [];
}
