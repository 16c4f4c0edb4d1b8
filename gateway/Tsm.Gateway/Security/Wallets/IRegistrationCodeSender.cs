namespace Tsm.Gateway.Security.Wallets;

/// <summary>Sends a registration code's text to a number by the platform's SMS channel; false when no link can carry it.</summary>
public interface IRegistrationCodeSender
{
    Task<bool> SendAsync(string msisdn, string text, CancellationToken cancellationToken);
}
