using System.Globalization;
using Tsm.Protocol.Sms.Push;
using Tsm.Protocol.Sms.Smpp;
using Tsm.Simulator.Smsc.Smpp;

namespace Tsm.Specs.Drivers;

/// <summary>Our SMPP SMSC simulator on a free loopback port, with the gateway's account on it (features tagged @push).</summary>
public sealed class SmsCentre : IAsyncDisposable
{
    public const string SystemId = "tsm";
    private const string Password = "specs";

    private SmsCentre(SmppSmsc smsc) => Smsc = smsc;

    public SmppSmsc Smsc { get; }

    /// <summary>The gateway's configuration for an SMPP account on this SMSC.</summary>
    public string[] GatewayArguments =>
    [
        "--Sms:Smpp:Accounts:0:Name", "smsc", "--Sms:Smpp:Accounts:0:Port", Smsc.Port.ToString(CultureInfo.InvariantCulture),
        "--Sms:Smpp:Accounts:0:SystemId", SystemId, "--Sms:Smpp:Accounts:0:Password", Password, "--Sms:Smpp:Accounts:0:SourceAddress", "10657",
        "--Sms:Smpp:Accounts:0:ReconnectDelay", "00:00:00.050",
    ];

    public static SmsCentre Start()
    {
        var smsc = new SmppSmsc(new SmppSmscOptions
        {
            Port = 0,
            Accounts = new Dictionary<string, string> { [SystemId] = Password },
            ReceiptDelay = TimeSpan.FromMilliseconds(20),
        });
        smsc.Start();
        return new SmsCentre(smsc);
    }

    /// <summary>The submit_sm PDUs the SMSC accepted for a number, oldest first.</summary>
    public IReadOnlyList<SubmitSm> SubmitsFor(string msisdn) =>
        [.. Smsc.Submits.Select(s => s.Pdu).OfType<SubmitSm>().Where(s => s.Destination.Address == msisdn)];

    /// <summary>The serials of every wake-up SMS the SMSC has accepted so far.</summary>
    public IReadOnlySet<string> WakeUpSerials() =>
        Smsc.Submits.Select(s => s.Pdu).OfType<SubmitSm>()
            .Select(s => WakeUpMessage.TryParse(s.UserData, out var w, out _) ? w!.Serial.ToString() : null)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Waits for a wake-up SMS to a number for one SE that is not among <paramref name="before"/> (a number can have
    /// several SEs, each with its own pushes); null when none came in time.
    /// </summary>
    public async Task<(SubmitSm Pdu, WakeUpMessage WakeUp)?> WaitForWakeUpAsync(string msisdn, string seId, IReadOnlySet<string> before, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            foreach (var submit in SubmitsFor(msisdn))
            {
                if (WakeUpMessage.TryParse(submit.UserData, out var wakeUp, out _) && wakeUp!.SeId == seId && !before.Contains(wakeUp.Serial.ToString()))
                    return (submit, wakeUp);
            }
            await Task.Delay(20);
        }
        return null;
    }

    /// <summary>Waits until the gateway's ESME is bound.</summary>
    public async Task WaitForBindAsync()
    {
        for (var i = 0; i < 500 && Smsc.BoundSessions == 0; i++)
            await Task.Delay(20);
    }

    public ValueTask DisposeAsync() => Smsc.DisposeAsync();
}
