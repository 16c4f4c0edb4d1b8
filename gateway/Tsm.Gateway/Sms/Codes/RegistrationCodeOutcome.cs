namespace Tsm.Gateway.Sms.Codes;

/// <summary>What became of a registration code SMS.</summary>
public enum RegistrationCodeOutcome
{
    /// <summary>An SMSC accepted it (submit_sm_resp ESME_ROK, CMPP_SUBMIT_RESP Result 0).</summary>
    Sent,

    /// <summary>No SMS link is configured on this gateway: the platform cannot text anyone (map to 503).</summary>
    NoChannel,

    /// <summary>Every SMSC that answered refused it (a status other than throttling); see the error.</summary>
    Refused,

    /// <summary>No SMSC answered within <see cref="RegistrationCodeOptions.SubmitTimeout"/>, or every link failed; it may or may not arrive.</summary>
    Unavailable,
}
