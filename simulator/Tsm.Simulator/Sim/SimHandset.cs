using Tsm.Protocol.Scp80;
using Tsm.Simulator.Smsc;

namespace Tsm.Simulator.Sim;

/// <summary>
/// The SIM behind a handset of the SMSC simulator (3GPP TS 31.115 SMS-PP data download): takes the MT messages queued
/// for its MSISDN (<see cref="Handsets"/>), gives those whose user data header carries a secured packet (IEI 70, or
/// parts of a concatenated one) to the SIM's <see cref="SimRemoteManagement"/>, and sends each SM of the PoR back to
/// the originator as an MO message through <paramref name="sendMo"/> (for the SMPP simulator:
/// <c>SmppSmsc.SendMoAsync(systemId, msisdn, originator, userData, dataCoding: 0xF6, esmClass: 0x40)</c>). Messages
/// that are not secured packets are left to the phone: this handset is for SIM-only SEs, reached without a wallet.
/// </summary>
/// <param name="handsets">The SMSC simulator's handset queues.</param>
/// <param name="msisdn">The SIM's number.</param>
/// <param name="sim">The SIM's remote management.</param>
/// <param name="sendMo">Sends one MO SM: destination (the MT's originator), user data (header included), cancellation.</param>
public sealed class SimHandset(Handsets handsets, string msisdn, SimRemoteManagement sim, Func<string, ReadOnlyMemory<byte>, CancellationToken, Task> sendMo)
{
    /// <summary>MT messages seen that were not secured packets (a real handset would show or drop them).</summary>
    public int Ignored { get; private set; }

    /// <summary>Handles one MT message; returns how many PoR SMs were sent.</summary>
    public async Task<int> HandleAsync(HandsetMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.Udhi)
        {
            Ignored++;
            return 0;
        }
        IReadOnlyList<byte[]> por;
        try
        {
            por = sim.OnShortMessage(message.UserData);
        }
        catch (Scp80FormatException)
        {
            Ignored++;
            return 0;
        }
        foreach (var userData in por)
            await sendMo(message.Source, userData, cancellationToken).ConfigureAwait(false);
        return por.Count;
    }

    /// <summary>Receives and handles MT messages until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HandsetMessage? message;
            try
            {
                message = await handsets.ReceiveAsync(msisdn, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (message is not null)
                await HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }
}
