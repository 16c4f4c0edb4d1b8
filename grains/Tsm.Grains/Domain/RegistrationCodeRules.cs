using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tsm.Grains.Ota;

namespace Tsm.Grains.Domain;

/// <summary>
/// One-time codes that prove a number before an SE is bound to it (requirement 5.5.2; docs/security.md, "Wallets"):
/// six digits, valid for <see cref="Validity"/>, single use, dead after <see cref="MaxWrongTries"/> wrong tries, and at
/// most <see cref="MaxSentPerWindow"/> sent per SE in <see cref="Window"/>. A new code replaces the previous one.
/// </summary>
public static class RegistrationCodeRules
{
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public const int MaxWrongTries = 5;
    public const int MaxSentPerWindow = 5;

    /// <summary>A fresh code for <paramref name="msisdn"/>: the code to send and the record to keep. Throws a refusal past the sending limit.</summary>
    public static (string Code, RegistrationCode Kept) Issue(string seId, string msisdn, RegistrationCode? previous, DateTimeOffset now)
    {
        var windowStart = previous is { } p && now - p.WindowStart < Window ? p.WindowStart : now;
        var sent = previous is { } q && q.WindowStart == windowStart ? q.SentInWindow : 0;
        if (sent >= MaxSentPerWindow)
            throw new RefusedException(RefusalCode.RegistrationCodeLimit,
                $"At most {MaxSentPerWindow} registration codes are sent for an SE per hour; try again after {(windowStart + Window):u}.");
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        return (code, new RegistrationCode(msisdn, HashOf(seId, msisdn, code), now + Validity, 0, windowStart, sent + 1));
    }

    /// <summary>
    /// Checks <paramref name="code"/> for <paramref name="msisdn"/>: on success the record is spent (it keeps only the
    /// sending window), otherwise the
    /// wrong try is counted. The code and whether it matched are never logged.
    /// </summary>
    public static (bool Proven, RegistrationCode? Kept) Verify(string seId, string msisdn, string code, RegistrationCode? kept, DateTimeOffset now)
    {
        if (kept is null || kept.WrongTries >= MaxWrongTries || now > kept.ValidUntil || !string.Equals(kept.Msisdn, msisdn, StringComparison.Ordinal))
            return (false, kept);
        if (CryptographicOperations.FixedTimeEquals(kept.Hash, HashOf(seId, msisdn, code)))
            return (true, kept with { Hash = [], ValidUntil = now, WrongTries = MaxWrongTries });
        return (false, kept with { WrongTries = kept.WrongTries + 1 });
    }

    private static byte[] HashOf(string seId, string msisdn, string code) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seId.ToUpperInvariant()}\n{msisdn}\n{code}"));
}
