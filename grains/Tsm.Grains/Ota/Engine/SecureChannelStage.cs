namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// One secure channel of a task: the AID selected (an SD, or an application whose SD's channel is opened through it),
/// the SD whose keys open it (null: the ISD, keys derived per card), and the work done in it.
/// </summary>
internal sealed record SecureChannelStage(StageWork Work, string SelectAid, string? KeyDomainAid)
{
    public bool OpensSecureChannel => Work != StageWork.Passthrough;
}
