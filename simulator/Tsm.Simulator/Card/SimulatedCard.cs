using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card.Applets;

namespace Tsm.Simulator.Card;

/// <summary>
/// A software secure element: a GlobalPlatform 2.2.1 card with an ISD and CMS2AC supplementary security domains,
/// SCP02, a registry of load files, modules and instances, memory accounting, logical channels 0–3 and applets.
/// It processes C-APDUs and returns R-APDUs like a real card; every error is a status word. Non-volatile state
/// (<see cref="Image"/>) survives power cycles and, with a state file, restarts; it is written after each command
/// that changes it, so a command either took effect entirely or not at all (GP 2.2.1 §11.5.2, §11.6.2 atomicity).
/// </summary>
public sealed partial class SimulatedCard : ISmartCard, IDisposable
{
    public const int ChannelCount = 4;

    private readonly CardImage _image;
    private readonly string? _statePath;
    private readonly LogicalChannel[] _channels = [new(), new(), new(), new()];
    private readonly Lock _gate = new();
    private bool _dirty;

    /// <param name="image">The card's non-volatile state.</param>
    /// <param name="statePath">When set, the state is saved to this file after every change.</param>
    public SimulatedCard(CardImage image, string? statePath = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        _image = image;
        _statePath = statePath;
        if (FindIsd() is null)
            throw new ArgumentException("A card needs an issuer security domain.", nameof(image));
    }

    /// <summary>Loads a card from its state file; changes are saved back to it.</summary>
    public static SimulatedCard FromStateFile(string path) => new(CardStateFile.Load(path), path);

    /// <summary>The card's non-volatile state (live: do not change it while the card is in use).</summary>
    public CardImage Image => _image;

    public string SeId => _image.SeId;

    public FaultPlan Faults { get; } = new();

    /// <summary>The last unexpected exception answered with 6F00 (a simulator defect), for diagnosis.</summary>
    public Exception? LastInternalError { get; private set; }

    public ReadOnlyMemory<byte> Atr => Hex.Parse(_image.Atr);

    public bool IsPowered { get; private set; }

    public ReadOnlyMemory<byte> PowerOn()
    {
        lock (_gate)
        {
            ResetChannels();
            IsPowered = true;
            return Atr;
        }
    }

    public void PowerOff()
    {
        lock (_gate)
        {
            foreach (var channel in _channels)
            {
                channel.Clear();
                channel.IsOpen = false;
            }
            IsPowered = false;
        }
    }

    public ReadOnlyMemory<byte> Reset()
    {
        PowerOff();
        return PowerOn();
    }

    public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
    {
        lock (_gate)
        {
            if (!IsPowered)
                throw new InvalidOperationException("The card is not powered.");
            Faults.ApduCount++;
            if (Faults.Latency > TimeSpan.Zero)
                Thread.Sleep(Faults.Latency);
            var tear = Faults.TearAtApdu == Faults.ApduCount;
            if (tear && Faults.TearPoint == TearPoint.BeforeProcessing)
            {
                PowerOff();
                throw new CardTornException($"Power lost before APDU {Faults.ApduCount}.");
            }
            ResponseApdu response;
            if (commandApdu.Length >= 2 && Faults.ForcedStatus.TryGetValue(commandApdu[1], out var forced))
            {
                response = new ResponseApdu(forced);
            }
            else
            {
                _dirty = false;
                try
                {
                    response = Process(commandApdu);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A defect in the simulator must not take the reader down: answer 6F00 and keep the cause for diagnosis.
                    LastInternalError = ex;
                    _dirty = false;
                    response = new ResponseApdu(StatusWords.NoPreciseDiagnosis);
                }
                if (_dirty)
                    Persist();
            }
            if (tear)
            {
                PowerOff();
                throw new CardTornException($"Power lost after APDU {Faults.ApduCount}.");
            }
            return response.ToArray();
        }
    }

    /// <summary>Convenience for tests and tools: hex in, response out.</summary>
    public ResponseApdu Transmit(CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ResponseApdu.Parse(Transmit(command.ToArray()));
    }

    /// <summary>Saves the state file now (it is saved after every change anyway).</summary>
    public void Save()
    {
        lock (_gate)
            Persist();
    }

    public void Dispose() => PowerOff();

    private void Persist()
    {
        if (_statePath is not null)
            CardStateFile.Save(_image, _statePath);
    }

    private void MarkChanged() => _dirty = true;

    private void ResetChannels()
    {
        foreach (var channel in _channels)
        {
            channel.Clear();
            channel.IsOpen = false;
        }
        // The basic channel opens with the ISD selected (GP 2.2.1 §11.9.2.1: it is the default selected application).
        _channels[0].IsOpen = true;
        _channels[0].Selected = FindIsd();
    }

    private ResponseApdu Process(ReadOnlySpan<byte> raw)
    {
        CommandApdu command;
        try
        {
            command = CommandApdu.Parse(raw);
        }
        catch (ApduFormatException)
        {
            return Status(StatusWords.WrongLength);
        }
        // CLA FF is invalid (ISO/IEC 7816-3 §9: reserved for PPS), not a further interindustry class.
        if (command.Cla == 0xFF)
            return Status(StatusWords.ClaNotSupported);
        // First interindustry (0x0X) and proprietary (0x8X) classes only; channels 4–19 are not supported.
        if ((command.Cla & 0x40) != 0)
            return Status(StatusWords.LogicalChannelNotSupported);
        if ((command.Cla & 0x70) != 0)
            return Status(StatusWords.ClaNotSupported);
        var channel = _channels[command.Cla & 0x03];
        if (!channel.IsOpen)
            return Status(StatusWords.LogicalChannelNotSupported);
        if (_image.LifeCycle == (byte)CardLifeCycle.Terminated)
            return command.Ins == 0xCA ? GetData(channel, command) : Status(StatusWords.FunctionNotSupported);
        var isInterindustry = (command.Cla & 0x80) == 0;
        return command.Ins switch
        {
            0x70 when isInterindustry => ManageChannel(command),
            0xA4 when isInterindustry => Select(channel, command),
            _ when channel.Selected is null => Status(StatusWords.ConditionsNotSatisfied),
            _ when channel.Selected.IsSecurityDomain => ProcessForSecurityDomain(channel, command),
            _ => ProcessForApplet(channel, command),
        };
    }

    /// <summary>MANAGE CHANNEL (ISO/IEC 7816-4 §7.1.2): P1 00 opens (P2 00 = card assigns), P1 80 closes channel P2.</summary>
    private ResponseApdu ManageChannel(CommandApdu command)
    {
        if (command.P1 == 0x00)
        {
            int number;
            if (command.P2 == 0x00)
            {
                number = Array.FindIndex(_channels, 1, c => !c.IsOpen);
                if (number < 0)
                    return Status(StatusWords.FunctionNotSupported);
            }
            else
            {
                number = command.P2;
                if (number >= ChannelCount)
                    return Status(StatusWords.IncorrectP1P2);
                if (_channels[number].IsOpen)
                    return Status(StatusWords.ConditionsNotSatisfied);
            }
            var opened = _channels[number];
            opened.Clear();
            opened.IsOpen = true;
            opened.Selected = FindIsd();
            return command.P2 == 0x00 ? new ResponseApdu(new[] { (byte)number }, StatusWords.Success) : Status(StatusWords.Success);
        }
        if (command.P1 == 0x80)
        {
            if (command.P2 is 0 or >= ChannelCount)
                return Status(StatusWords.IncorrectP1P2);
            var closing = _channels[command.P2];
            if (!closing.IsOpen)
                return Status(StatusWords.LogicalChannelNotSupported);
            closing.Clear();
            closing.IsOpen = false;
            return Status(StatusWords.Success);
        }
        return Status(StatusWords.IncorrectP1P2);
    }

    /// <summary>SELECT by AID (ISO/IEC 7816-4 §7.1.1; GP 2.2.1 §11.9): first or next occurrence of a full or partial AID.</summary>
    private ResponseApdu Select(LogicalChannel channel, CommandApdu command)
    {
        if (command.P1 != 0x04 || (command.P2 != 0x00 && command.P2 != 0x02))
            return Status(StatusWords.IncorrectP1P2);
        if (command.Data.Length is > 0 and < Aid.MinLength or > Aid.MaxLength)
            return Status(StatusWords.IncorrectData);
        var prefix = Hex.Format(command.Data.Span);
        var candidates = _image.Applications.Where(a => a.Aid.StartsWith(prefix, StringComparison.Ordinal) && IsSelectable(a)).ToList();
        ApplicationRecord? target;
        if (command.Data.IsEmpty)
            target = FindIsd();
        else if (command.P2 == 0x02 && channel.Selected is { } current)
            target = candidates.SkipWhile(a => a != current).Skip(1).FirstOrDefault();
        else
            target = candidates.FirstOrDefault();
        if (target is null)
            return Status(StatusWords.FileNotFound);
        channel.Clear();
        channel.Selected = target;
        if (target.IsSecurityDomain)
            return new ResponseApdu(SecurityDomainFci(target), StatusWords.Success);
        var behaviour = BehaviourOf(target);
        var context = new AppletContext(target, false);
        var response = behaviour.Select(context);
        if (context.Changed)
            MarkChanged();
        return response;
    }

    private bool IsSelectable(ApplicationRecord app)
    {
        if (app.IsSecurityDomain && IsIsd(app))
            return true;
        if (_image.LifeCycle == (byte)CardLifeCycle.CardLocked)
            return false; // GP 2.2.1 §5.1.1.4: only the ISD can be selected
        return !LifeCycle.IsLocked(app.LifeCycle) && (app.LifeCycle & 0x07) == 0x07;
    }

    private byte[] SecurityDomainFci(ApplicationRecord sd)
    {
        // 6F { 84 AID, A5 { 73 SD management data (card data 66 content), 9F65 max command data length } } (GP 2.2.1 §11.9.3.1)
        var aid = Hex.Parse(sd.Aid);
        var cardData = CardDataOf(sd);
        var recognition = cardData.AsSpan(2).ToArray(); // drop the 66 tag and its one-byte length: 73 …
        var a5 = new List<byte>();
        a5.AddRange(recognition);
        a5.AddRange([0x9F, 0x65, 0x01, 0xFF]);
        var inner = new List<byte> { 0x84, (byte)aid.Length };
        inner.AddRange(aid);
        inner.Add(0xA5);
        inner.Add((byte)a5.Count);
        inner.AddRange(a5);
        return [0x6F, (byte)inner.Count, .. inner];
    }

    private static ResponseApdu Status(StatusWord sw) => new(sw);

    /// <summary>Card recognition data (tag 66): the SCP of the SD's first key set and the "i" the card runs it with.</summary>
    private byte[] CardDataOf(ApplicationRecord sd) =>
        sd.SecurityDomain?.KeySets.FirstOrDefault()?.Scp == 0x03
            ? CardData.Encode("2.2.1", 0x03, _image.Scp03I)
            : CardData.Encode("2.2.1", 0x02, _image.ScpI);

    private static IAppletBehaviour BehaviourOf(ApplicationRecord app) =>
        AppletBehaviours.Create(app.Behaviour) ?? new GenericApplet();
}
