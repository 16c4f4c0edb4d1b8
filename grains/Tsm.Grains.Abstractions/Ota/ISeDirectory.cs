namespace Tsm.Grains.Ota;

/// <summary>Keeps the MSISDN each registered SE is bound to, for messages that name a number rather than an SE (MO SMS).</summary>
public interface ISeDirectory
{
    Task BindAsync(string seId, string msisdn);
}
