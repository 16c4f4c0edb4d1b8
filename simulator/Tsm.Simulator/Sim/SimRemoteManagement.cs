using Tsm.Protocol.Scp80;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Sim;

/// <summary>
/// A SIM's SMS-PP remote management (3GPP TS 31.115 over ETSI TS 102 225/226): takes the user data of SMs addressed
/// to the SIM (TP-PID 7F, UDHI set), rebuilds command packets, has the card's <see cref="RamServer"/> process each,
/// and returns the user data of the SM(s) carrying the PoR, to be sent back as an MO SMS-SUBMIT. One instance per
/// SIM; calls are serialized by the card.
/// </summary>
public sealed class SimRemoteManagement(SimulatedCard card)
{
    private readonly SmsPpAssembler _assembler = new();
    private byte _reference;

    /// <summary>Gives a card SCP80 key sets (replacing any it had), so that its RAM server accepts packets under them.</summary>
    public static void Provision(CardImage image, bool requireCiphering, params OtaKeySetRecord[] keySets)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.Ota = new OtaRecord { KeySets = [.. keySets], RequireCiphering = requireCiphering };
    }

    /// <summary>One secured command packet (from CPL on): the PoR packet, or null when none is due or the card has no RAM server.</summary>
    public byte[]? Receive(ReadOnlySpan<byte> packet)
    {
        if (card.Image.Ota is not { } state)
            return null;
        card.BeginRemoteSession();
        try
        {
            return new RamServer(state, card.TransmitRemote, card.Save).Receive(packet);
        }
        finally
        {
            card.EndRemoteSession();
        }
    }

    /// <summary>
    /// The user data of one SM for the SIM: the PoR's SM user data once a whole command packet arrived (empty while
    /// parts are missing, for response packets, and when no PoR is due).
    /// </summary>
    /// <exception cref="Scp80FormatException">The user data header does not carry a secured packet.</exception>
    public IReadOnlyList<byte[]> OnShortMessage(ReadOnlyMemory<byte> userData)
    {
        var packet = _assembler.Add(userData);
        if (packet is not { IsCommand: true })
            return [];
        var por = Receive(packet.Packet);
        return por is null ? [] : SmsPp.ResponseUserData(por, _reference++);
    }
}
