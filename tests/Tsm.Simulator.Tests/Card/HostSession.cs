using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp02;
using Tsm.Simulator.Card;

namespace Tsm.Simulator.Tests.Card;

/// <summary>
/// The platform's side of a session with a simulated card, built from Tsm.Protocol's host primitives only:
/// SELECT the SD, INITIALIZE UPDATE, verify the card cryptogram, EXTERNAL AUTHENTICATE, then wrapped commands.
/// </summary>
internal sealed class HostSession : IDisposable
{
    public const string IsdAid = "A0000001510000";

    private readonly Scp02KeySet _keys;

    private HostSession(SimulatedCard card, Scp02HostChannel host, Scp02KeySet keys, byte channel)
    {
        Card = card;
        Host = host;
        _keys = keys;
        Channel = channel;
    }

    public SimulatedCard Card { get; }

    public Scp02HostChannel Host { get; }

    public byte Channel { get; }

    public ResponseApdu? ExternalAuthenticateResponse { get; private set; }

    /// <summary>Opens a session and asserts that it succeeded.</summary>
    public static HostSession Open(SimulatedCard card, SecurityLevel level = SecurityLevel.CMac, string sdAid = IsdAid, string key = CardFactory.GlobalPlatformTestKey, byte keyVersion = 0x00, byte channel = 0)
    {
        var session = TryOpen(card, level, sdAid, Scp02KeySet.FromSingleKey(keyVersion, Hex.Parse(key)), keyVersion, channel);
        Assert.Equal(StatusWords.Success, session.ExternalAuthenticateResponse!.StatusWord);
        return session;
    }

    /// <summary>Runs the handshake; the card's answer to EXTERNAL AUTHENTICATE is in <see cref="ExternalAuthenticateResponse"/>.</summary>
    public static HostSession TryOpen(SimulatedCard card, SecurityLevel level, string sdAid, Scp02KeySet keys, byte keyVersion, byte channel = 0)
    {
        var select = card.Transmit(new SelectCommand(Aid.Parse(sdAid)).ToApdu().With(cla: channel));
        Assert.Equal(StatusWords.Success, select.StatusWord);
        var host = new Scp02HostChannel(keys, level);
        var initUpdate = card.Transmit(host.InitializeUpdate(keyVersion).With(cla: (byte)(0x80 | channel)));
        Assert.Equal(StatusWords.Success, initUpdate.StatusWord);
        var session = new HostSession(card, host, keys, channel);
        var externalAuthenticate = host.ExternalAuthenticate(InitializeUpdateResponse.Parse(initUpdate.Data.Span));
        session.ExternalAuthenticateResponse = card.Transmit(externalAuthenticate.With(cla: (byte)(0x84 | channel)));
        return session;
    }

    /// <summary>Wraps, sends and unwraps one command.</summary>
    public ResponseApdu Send(CommandApdu plain)
    {
        var onChannel = plain.With(cla: (byte)((plain.Cla & 0xFC) | Channel));
        var response = Card.Transmit(Host.Wrap(onChannel));
        return Host.Unwrap(onChannel, response);
    }

    public ResponseApdu Send(string hex) => Send(CommandApdu.Parse(hex));

    /// <summary>Sends and asserts 9000.</summary>
    public ResponseApdu Ok(CommandApdu plain)
    {
        var response = Send(plain);
        Assert.True(response.StatusWord == StatusWords.Success, $"{plain.ToHex()} answered {response.StatusWord} ({response.StatusWord.Name})");
        return response;
    }

    /// <summary>INSTALL [for load] and every LOAD block of a load file data block.</summary>
    public void LoadFile(string loadFileAid, ReadOnlyMemory<byte> dataBlock, string? sdAid = null, bool withHash = true, LoadParameters? parameters = null, int blockSize = 200)
    {
        var hash = withHash ? (ByteString)System.Security.Cryptography.SHA1.HashData(dataBlock.Span) : default;
        Ok(InstallCommand.ForLoad(Aid.Parse(loadFileAid), sdAid is null ? null : Aid.Parse(sdAid), hash, (parameters ?? new LoadParameters(NonVolatileCodeMinimum: dataBlock.Length)).ToArray()).ToApdu());
        foreach (var load in LoadFileBuilder.BuildCommands(dataBlock.ToArray(), maxBlockSize: blockSize))
            Ok(load.ToApdu());
    }

    /// <summary>Free memory as the card reports it (GET DATA FF21).</summary>
    public ExtendedCardResources FreeMemory() => ExtendedCardResources.Parse(Ok(GetDataCommand.ExtendedCardResources.ToApdu()).Data.Span);

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
            entries.AddRange(parsed.Entries);
            if (!parsed.HasMore)
                return entries;
            command = command.NextPart();
        }
    }

    public void Dispose()
    {
        Host.Dispose();
        _keys.Dispose();
    }
}
