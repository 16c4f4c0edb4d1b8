namespace Tsm.Gateway.Sms.Codes;

/// <summary>The outcome of <see cref="IRegistrationCodeSender.SendAsync"/>; never holds the text.</summary>
/// <param name="Outcome">What became of the SMS.</param>
/// <param name="Account">The SMS account that took it (or refused it last).</param>
/// <param name="MessageId">The SMSC's message id, when sent.</param>
/// <param name="Error">Why it was not sent: the SMSC's status name or the link failure.</param>
public sealed record RegistrationCodeDelivery(RegistrationCodeOutcome Outcome, string? Account = null, string? MessageId = null, string? Error = null)
{
    public bool Sent => Outcome == RegistrationCodeOutcome.Sent;

    public static RegistrationCodeDelivery NoChannel { get; } = new(RegistrationCodeOutcome.NoChannel, Error: "no SMS link is configured");
}
