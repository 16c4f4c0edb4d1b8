namespace Tsm.Gateway.Sms.Codes;

/// <summary>
/// Sends a wallet registration code to the handset of an MSISDN as a text SMS over the platform's own SMS links
/// (docs/sms.md, "Registration codes"; requirement 5.5.2 in docs/wallet-protocol.md). The caller composes the text;
/// nothing here stores or logs it.
/// </summary>
public interface IRegistrationCodeSender
{
    /// <summary>
    /// Submits <paramref name="text"/> to <paramref name="msisdn"/> and waits, for a bounded time, for an SMSC to take it.
    /// Every outcome is returned, none thrown: <see cref="RegistrationCodeOutcome.NoChannel"/> when no SMS link is
    /// configured, <see cref="RegistrationCodeOutcome.Refused"/> or <see cref="RegistrationCodeOutcome.Unavailable"/>
    /// when no SMSC took it.
    /// </summary>
    /// <param name="msisdn">The handset's number, international form, digits only (an optional leading '+' is dropped).</param>
    /// <param name="text">The message; one SMS (160 GSM 7-bit characters, or 70 when it needs UCS-2).</param>
    /// <param name="cancellationToken">The caller's request ending.</param>
    /// <exception cref="ArgumentException">The MSISDN is not 5 to 21 digits, or the text is empty or longer than one SMS.</exception>
    Task<RegistrationCodeDelivery> SendAsync(string msisdn, string text, CancellationToken cancellationToken);
}
