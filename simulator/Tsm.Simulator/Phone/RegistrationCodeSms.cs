using System.Text.RegularExpressions;
using Tsm.Simulator.Smsc;

namespace Tsm.Simulator.Phone;

/// <summary>
/// How the wallet reads the registration code from the SMS the platform sends to its number (docs/sms.md,
/// "Registration codes"): <c>TSM code 123456. It proves this number to your wallet; valid 5 minutes.</c> The code is
/// the first run of exactly six digits in a text message.
/// </summary>
public static partial class RegistrationCodeSms
{
    /// <summary>The code in <paramref name="text"/>, or null when it has none.</summary>
    public static string? FindCode(string? text) =>
        text is not null && SixDigits().Match(text) is { Success: true } match ? match.Value : null;

    /// <summary>
    /// Takes the MSISDN's messages until one carries a code, for at most <paramref name="wait"/>: the message, or null
    /// when none came in time. Messages without a code (binary data, other texts) are handed to
    /// <paramref name="ignored"/> and dropped.
    /// </summary>
    /// <param name="receive">The next message for an MSISDN within a wait (<see cref="AirInterfaceClient.ReceiveAsync"/>, <see cref="Handsets.ReceiveAsync"/>).</param>
    /// <param name="msisdn">The phone's number.</param>
    /// <param name="wait">How long to wait in all.</param>
    /// <param name="ignored">Told of each message without a code.</param>
    /// <param name="time">Clock of the wait.</param>
    /// <param name="ct">Cancels the wait.</param>
    public static async Task<HandsetMessage?> WaitAsync(
        Func<string, TimeSpan, CancellationToken, ValueTask<HandsetMessage?>> receive,
        string msisdn,
        TimeSpan wait,
        Action<HandsetMessage> ignored,
        TimeProvider? time = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(receive);
        ArgumentException.ThrowIfNullOrEmpty(msisdn);
        ArgumentNullException.ThrowIfNull(ignored);
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        while (true)
        {
            var left = wait - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                return null;
            // The air interface holds one poll at most a minute.
            var poll = left < TimeSpan.FromSeconds(AirInterface.MaxWaitSeconds) ? left : TimeSpan.FromSeconds(AirInterface.MaxWaitSeconds);
            var message = await receive(msisdn, poll, ct).ConfigureAwait(false);
            if (message is null)
                continue;
            if (FindCode(message.Text) is not null)
                return message;
            ignored(message);
        }
    }

    [GeneratedRegex("(?<![0-9])[0-9]{6}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex SixDigits();
}
