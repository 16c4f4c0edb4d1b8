namespace Tsm.Gateway.Security.Wallets;

/// <summary>The text of the registration-code SMS (docs/sms.md, "Registration codes"). ASCII only: one GSM 7-bit segment.</summary>
public static class RegistrationCodeText
{
    public static string Of(string code) => $"TSM code {code}. It proves this number to your wallet; valid 5 minutes.";
}
