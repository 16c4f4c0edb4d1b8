using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;

namespace Tsm.Simulator.Card;

// The ISD as seen from the SIM's RAM server (ETSI TS 102 226 §5; see docs/simulator.md "SIM remote management").
public sealed partial class SimulatedCard
{
    private LogicalChannel? _remote;

    /// <summary>
    /// Opens the RAM server's own channel to the ISD for one secured packet's script. The SCP80 packet was already
    /// deciphered and authenticated, so the script's C-APDUs reach the ISD as in an authenticated secure channel
    /// without secure messaging (GP 2.2.1 security level 00). The card establishes that session internally with the
    /// ISD's first key set, by the SCP02 handshake of GP 2.2.1 Appendix E; the key set's sequence counter is not
    /// moved, because no SCP02 session was opened from outside. The channel is not one of the four logical
    /// channels, so the terminal's channels and sessions are untouched.
    /// </summary>
    public void BeginRemoteSession()
    {
        lock (_gate)
        {
            EndRemoteSessionCore();
            var isd = FindIsd()!;
            var keySet = isd.SecurityDomain!.KeySets.FirstOrDefault()
                ?? throw new InvalidOperationException("The ISD has no key set for its remote management session.");
            var parameter = new Scp02Parameter(_image.ScpI);
            var keys = new Scp02KeySet(keySet.Version, Hex.Parse(keySet.Enc), Hex.Parse(keySet.Mac), Hex.Parse(keySet.Dek));
            var card = new Scp02CardChannel(keys, keySet.SequenceCounter, parameter, Hex.Parse(_image.KeyDiversificationData), Hex.Parse(isd.Aid));
            using (var hostKeys = new Scp02KeySet(keySet.Version, Hex.Parse(keySet.Enc), Hex.Parse(keySet.Mac), Hex.Parse(keySet.Dek)))
            using (var host = new Scp02HostChannel(hostKeys, SecurityLevel.None, parameter))
            {
                var initialize = host.InitializeUpdate(keySet.Version, RandomNumberGenerator.GetBytes(8));
                var answer = card.InitializeUpdate(InitializeUpdateCommand.Parse(initialize));
                if (card.ExternalAuthenticate(host.ExternalAuthenticate(answer)) != ExternalAuthenticateOutcome.Authenticated)
                    throw new InvalidOperationException("The ISD's remote management session could not be established.");
            }
            _remote = new LogicalChannel { IsOpen = true, Selected = isd, Session = new SecureSession(isd, keySet, keys, card) };
        }
    }

    /// <summary>Runs one C-APDU of a remote script on the ISD (after <see cref="BeginRemoteSession"/>); state changes are saved as for any command.</summary>
    public ResponseApdu TransmitRemote(CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            var channel = _remote ?? throw new InvalidOperationException("No remote management session is open.");
            if (_image.LifeCycle == (byte)CardLifeCycle.Terminated)
                return Status(StatusWords.FunctionNotSupported);
            // Remote scripts address the ISD; a C-APDU with secure messaging has no SCP02 session to unwrap it.
            if ((command.Cla & 0x0C) != 0 || (command.Cla & 0x70) != 0 || command.Cla == 0xFF)
                return Status(StatusWords.ClaNotSupported);
            _dirty = false;
            ResponseApdu response;
            try
            {
                response = command.Ins == 0xA4 && (command.Cla & 0x80) == 0
                    ? Status(StatusWords.FunctionNotSupported) // selection stays with the ISD: TAR 000000 addresses it
                    : ProcessForSecurityDomain(channel, command);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LastInternalError = ex;
                _dirty = false;
                response = Status(StatusWords.NoPreciseDiagnosis);
            }
            if (_dirty)
                Persist();
            return response;
        }
    }

    /// <summary>Closes the RAM server's channel (its session and any load in progress on it).</summary>
    public void EndRemoteSession()
    {
        lock (_gate)
            EndRemoteSessionCore();
    }

    private void EndRemoteSessionCore()
    {
        _remote?.Clear();
        _remote = null;
    }
}
