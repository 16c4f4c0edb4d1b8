using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;
using Tsm.Simulator.Card.Applets;

namespace Tsm.Specs.Drivers;

/// <summary>
/// A simulated SE driven the way the platform drives a real one: APDUs built with Tsm.Protocol's host side, sent
/// to <see cref="SimulatedCard"/>. Keeps the last response, free-space readings (GET DATA FF21) and the current
/// secure channel session. Scenario-scoped.
/// </summary>
public sealed class SecureElementDriver : IDisposable
{
    public const string IsdAid = "A0000001510000";
    public const string SdLoadFileAid = "A0000001515350";
    public const string SdModuleAid = "A000000151535041";
    public const string SeId = "86000000000000000001";

    private readonly List<PlatformSession> _sessions = [];
    private string? _stateDirectory;

    public SimulatedCard? Card { get; private set; }

    public PlatformSession? Session { get; private set; }

    public ResponseApdu? LastResponse { get; private set; }

    /// <summary>The figures read at the start of the scenario, and the latest reading.</summary>
    public ExtendedCardResources? Initial { get; private set; }

    public ExtendedCardResources? Latest { get; private set; }

    public string? StatePath { get; private set; }

    /// <summary>A fresh card of a one-card batch; instances of the HelloSTK applet run the e-purse.</summary>
    public void CreateCard(bool withStateFile = false)
    {
        var image = CardFactory.CreateBatch(new SeBatchProfile
        {
            FirstSeId = SeId,
            ModuleBehaviours = new Dictionary<string, string> { ["D07002CA44900101"] = AppletBehaviours.EPurse },
        }).Single();
        if (withStateFile)
        {
            _stateDirectory = Directory.CreateTempSubdirectory("tsm-specs-se-").FullName;
            StatePath = Path.Combine(_stateDirectory, "card.json");
            CardStateFile.Save(image, StatePath);
            Card = SimulatedCard.FromStateFile(StatePath);
        }
        else
        {
            Card = new SimulatedCard(image);
        }
        Card.PowerOn();
        Session = null;
        LastResponse = null;
        Initial = null;
        Latest = null;
    }

    public SimulatedCard RequireCard() => Card ?? throw new InvalidOperationException("No secure element in this scenario.");

    /// <summary>Power comes back (a tear cut it): volatile state is gone, sessions too.</summary>
    public void PowerOn()
    {
        Session = null;
        RequireCard().PowerOn();
    }

    /// <summary>The SE is restarted from its state file, as the simulator process would be.</summary>
    public void RestartFromStateFile()
    {
        Session = null;
        Card?.Dispose();
        Card = SimulatedCard.FromStateFile(StatePath ?? throw new InvalidOperationException("The card has no state file."));
        Card.PowerOn();
    }

    /// <summary>Opens a session (the handshake's SWs are on the session); it becomes the current one when it opened.</summary>
    public PlatformSession OpenSession(SecurityLevel level, string sdAid = IsdAid, string key = CardFactory.GlobalPlatformTestKey, byte keyVersion = 0x00, byte channel = 0)
    {
        if (channel == 0)
            Session = null; // the SELECT on the basic channel ends whatever session ran there
        var session = PlatformSession.Open(RequireCard(), level, sdAid, Scp02KeySet.FromSingleKey(keyVersion, Hex.Parse(key)), keyVersion, channel);
        _sessions.Add(session);
        LastHandshake = session;
        if (session.IsOpen)
            Session = session;
        return session;
    }

    /// <summary>The last handshake the platform attempted, whether or not it opened.</summary>
    public PlatformSession? LastHandshake { get; private set; }

    /// <summary>Makes <paramref name="reading"/> the reference for the next comparison again.</summary>
    public void Note(ExtendedCardResources? reading) => Latest = reading;

    public PlatformSession RequireSession() =>
        Session ?? throw new InvalidOperationException("The platform has no open secure channel in this scenario.");

    /// <summary>Sends in the current session; <see cref="LastResponse"/> is cleared first, so a lost answer leaves none.</summary>
    public ResponseApdu Send(CommandApdu plain)
    {
        LastResponse = null;
        return LastResponse = RequireSession().Send(plain);
    }

    public ResponseApdu Ok(CommandApdu plain)
    {
        var response = Send(plain);
        if (response.StatusWord != StatusWords.Success)
            throw new InvalidOperationException($"{plain.ToHex()} answered {response.StatusWord} ({response.StatusWord.Name}).");
        return response;
    }

    /// <summary>Sends a command in the clear on the basic channel, outside any secure channel.</summary>
    public ResponseApdu SendInClear(CommandApdu command) => LastResponse = RequireCard().Transmit(command);

    /// <summary>GET DATA FF21 in the current session, or in the clear to the selected ISD when none is open.</summary>
    public ExtendedCardResources ReadFreeSpace()
    {
        var get = GetDataCommand.ExtendedCardResources.ToApdu();
        var response = Session is null ? RequireCard().Transmit(get) : RequireSession().Send(get);
        if (response.StatusWord != StatusWords.Success)
            throw new InvalidOperationException($"GET DATA FF21 answered {response.StatusWord}.");
        var figures = ExtendedCardResources.Parse(response.Data.Span);
        Initial ??= figures;
        Latest = figures;
        return figures;
    }

    /// <summary>GET DATA FF21 as another security domain sees it: a new logical channel, SELECT, GET DATA, close.</summary>
    public ExtendedCardResources ReadFreeSpaceOf(string sdAid)
    {
        var card = RequireCard();
        var opened = card.Transmit(CommandApdu.Parse("0070000001"));
        if (opened.StatusWord != StatusWords.Success)
            throw new InvalidOperationException($"MANAGE CHANNEL answered {opened.StatusWord}.");
        var channel = opened.Data.Span[0];
        try
        {
            var select = card.Transmit(new SelectCommand(Aid.Parse(sdAid)).ToApdu().With(cla: channel));
            if (select.StatusWord != StatusWords.Success)
                throw new InvalidOperationException($"SELECT {sdAid} answered {select.StatusWord}.");
            var response = card.Transmit(GetDataCommand.ExtendedCardResources.ToApdu().With(cla: (byte)(0x80 | channel)));
            if (response.StatusWord != StatusWords.Success)
                throw new InvalidOperationException($"GET DATA FF21 answered {response.StatusWord}.");
            return ExtendedCardResources.Parse(response.Data.Span);
        }
        finally
        {
            card.Transmit(new CommandApdu(0x00, 0x70, 0x80, channel));
        }
    }

    /// <summary>
    /// Uses an application as a terminal would, outside the platform's session: MANAGE CHANNEL open, SELECT, the
    /// command (if any) on that channel, MANAGE CHANNEL close. Returns the SELECT SW and the command's response.
    /// </summary>
    public (StatusWord Select, ResponseApdu? Response) UseApplication(string aid, CommandApdu? command = null)
    {
        var card = RequireCard();
        var opened = card.Transmit(CommandApdu.Parse("0070000001"));
        if (opened.StatusWord != StatusWords.Success)
            throw new InvalidOperationException($"MANAGE CHANNEL answered {opened.StatusWord}.");
        var channel = opened.Data.Span[0];
        try
        {
            var select = card.Transmit(new SelectCommand(Aid.Parse(aid)).ToApdu().With(cla: channel));
            if (select.StatusWord != StatusWords.Success || command is null)
                return (select.StatusWord, null);
            return (select.StatusWord, card.Transmit(command.With(cla: (byte)((command.Cla & 0xFC) | channel))));
        }
        finally
        {
            card.Transmit(new CommandApdu(0x00, 0x70, 0x80, channel));
        }
    }

    /// <summary>GET STATUS of one scope in the current session, following 6310; empty on 6A88.</summary>
    public IReadOnlyList<RegistryEntry> Registry(GetStatusScope scope)
    {
        var entries = new List<RegistryEntry>();
        var command = new GetStatusCommand(scope);
        while (true)
        {
            var response = Send(command.ToApdu());
            if (response.StatusWord == StatusWords.ReferencedDataNotFound)
                return entries;
            var parsed = GetStatusResponse.Parse(response, command);
            if (!parsed.IsSuccess)
                throw new InvalidOperationException($"GET STATUS answered {response.StatusWord}.");
            entries.AddRange(parsed.Entries);
            if (!parsed.HasMore)
                return entries;
            command = command.NextPart();
        }
    }

    public RegistryEntry? FindApplication(string aid) =>
        Registry(GetStatusScope.ApplicationsAndSecurityDomains).FirstOrDefault(e => e.Aid.ToString() == aid);

    public RegistryEntry? FindLoadFile(string aid) =>
        Registry(GetStatusScope.ExecutableLoadFilesAndModules).FirstOrDefault(e => e.Aid.ToString() == aid);

    /// <summary>INSTALL [for load] (hash, C6 = data block size) then every LOAD block; stops at the first SW other than 9000.</summary>
    public ResponseApdu Download(CapFile cap, string? sdAid = null, int blockSize = 200)
    {
        ArgumentNullException.ThrowIfNull(cap);
        LastResponse = null;
        var dataBlock = cap.LoadFileDataBlock.Bytes;
        var hash = (ByteString)SHA1.HashData(dataBlock.Span);
        var install = InstallCommand.ForLoad(
            Aid.Parse(cap.PackageAid), sdAid is null ? null : Aid.Parse(sdAid), hash,
            new LoadParameters(NonVolatileCodeMinimum: dataBlock.Length).ToArray());
        var session = RequireSession();
        var response = session.Send(install.ToApdu());
        if (response.StatusWord == StatusWords.Success)
        {
            foreach (var load in LoadBlocks(cap, blockSize))
            {
                response = session.Send(load.ToApdu());
                if (response.StatusWord != StatusWords.Success)
                    break;
            }
        }
        return LastResponse = response;
    }

    public static IReadOnlyList<LoadCommand> LoadBlocks(CapFile cap, int blockSize = 200)
    {
        ArgumentNullException.ThrowIfNull(cap);
        return LoadFileBuilder.BuildCommands(cap.LoadFileDataBlock.Bytes.ToArray(), maxBlockSize: blockSize);
    }

    /// <summary>INSTALL [for install (and make selectable)] of an application from a module.</summary>
    public ResponseApdu Install(string loadFileAid, string moduleAid, string applicationAid, Privileges privileges, byte[] installParameters, bool makeSelectable = true) =>
        Send(InstallCommand.ForInstall(Aid.Parse(loadFileAid), Aid.Parse(moduleAid), Aid.Parse(applicationAid), privileges, installParameters, makeSelectable: makeSelectable).ToApdu());

    /// <summary>Personalization mode 3: INSTALL [for personalization], then STORE DATA blocks of DGIs through the SD.</summary>
    public ResponseApdu Personalize(string applicationAid, IEnumerable<Dgi> dgis)
    {
        var response = Send(InstallCommand.ForPersonalization(Aid.Parse(applicationAid)).ToApdu());
        if (response.StatusWord != StatusWords.Success)
            return response;
        foreach (var block in StoreDataBuilder.ForDgis(dgis))
        {
            response = Send(block.ToApdu());
            if (response.StatusWord != StatusWords.Success)
                return response;
        }
        return response;
    }

    /// <summary>PUT KEY in the current session: the three keys encrypted under the session DEK, with their KCVs.</summary>
    public ResponseApdu PutKey(byte oldVersion, byte newVersion, string keyHex)
    {
        var key = Hex.Parse(keyHex);
        var component = new KeyComponent(KeyComponent.Des, RequireSession().Host.EncryptSensitive(key), DesMac.KeyCheckValue(key));
        var command = new PutKeyCommand(oldVersion, 0x01, newVersion, ValueList.Create<KeyComponent>([component, component, component]));
        return Send(command.ToApdu());
    }

    /// <summary>
    /// A handshake in which the platform does not check the card cryptogram and computes the host cryptogram and the
    /// EXTERNAL AUTHENTICATE C-MAC itself, from <paramref name="keyHex"/>, at any level byte (even one SCP02 does not
    /// define). Returns the card's answer to EXTERNAL AUTHENTICATE (or to INITIALIZE UPDATE when that failed).
    /// </summary>
    public ResponseApdu ForceHandshake(string keyHex, byte level, string sdAid = IsdAid, byte keyVersion = 0x00)
    {
        var card = RequireCard();
        Session = null;
        var select = card.Transmit(new SelectCommand(Aid.Parse(sdAid)).ToApdu());
        if (select.StatusWord != StatusWords.Success)
            return LastResponse = select;
        var hostChallenge = RandomNumberGenerator.GetBytes(8);
        var initUpdate = card.Transmit(new InitializeUpdateCommand(keyVersion, hostChallenge).ToApdu());
        if (initUpdate.StatusWord != StatusWords.Success)
            return LastResponse = initUpdate;
        var answer = InitializeUpdateResponse.Parse(initUpdate.Data.Span);
        var key = Hex.Parse(keyHex);
        var enc = Scp02Crypto.DeriveSessionKey(key, Scp02Crypto.EncConstant, answer.SequenceCounter);
        var cmac = Scp02Crypto.DeriveSessionKey(key, Scp02Crypto.CMacConstant, answer.SequenceCounter);
        var hostCryptogram = Scp02Crypto.HostCryptogram(new DesCipher(enc), hostChallenge, answer.SequenceCounter, answer.CardChallenge.Span);
        byte[] macInput = [0x84, ExternalAuthenticateCommand.Ins, level, 0x00, 0x10, .. hostCryptogram];
        var mac = DesMac.Retail(new DesCipher(cmac.AsSpan(0, 8)), new DesCipher(cmac), new byte[8], macInput);
        return LastResponse = card.Transmit(new ExternalAuthenticateCommand((SecurityLevel)level, hostCryptogram, mac).ToApdu());
    }

    public void Dispose()
    {
        foreach (var session in _sessions)
            session.Dispose();
        Card?.Dispose();
        if (_stateDirectory is not null && Directory.Exists(_stateDirectory))
            Directory.Delete(_stateDirectory, recursive: true);
    }
}
