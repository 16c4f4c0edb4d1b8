namespace Tsm.Gateway.Security.Wallets;

/// <summary>The code sender when the gateway has no SMS link: every send answers "no channel" (a 503 to the wallet).</summary>
public sealed class UnavailableCodeSender : IRegistrationCodeSender
{
    public Task<bool> SendAsync(string msisdn, string text, CancellationToken cancellationToken) => Task.FromResult(false);
}
