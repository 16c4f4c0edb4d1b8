namespace Tsm.Gateway.Sms.Smpp;

/// <summary>The SMPP accounts (configuration section <c>Sms:Smpp</c>, list <c>Sms:Smpp:Accounts</c>).</summary>
public sealed class SmppOptions
{
    public const string Section = "Sms:Smpp";

    public List<SmppAccountOptions> Accounts { get; } = [];
}
