using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp80;
using Tsm.Protocol.Scripts;
using Tsm.Simulator.Card;
using Tsm.Simulator.Sim;
using Tsm.Simulator.Tests.Card;

namespace Tsm.Simulator.Tests.Sim;

/// <summary>
/// The SIM's RAM server (TS 102 225 receiving entity, TS 102 226 scripts) against the simulated card's ISD: every
/// PoR status it can give, counters persisted in the card state, and a whole download carried by concatenated SMS.
/// </summary>
public sealed class RamServerTests
{
    private const string Kic = "0123456789ABCDEFFEDCBA9876543210";
    private const string Kid = "112233445566778899AABBCCDDEEFF00";
    private static readonly Spi Secure = Spi.FromValue(0x1639); // CC, ciphered, counter higher; PoR with CC, ciphered
    private static readonly Scp80KeyId Key1 = new(0x15);

    private static SimulatedCard NewSim(string? path = null, bool requireCiphering = false)
    {
        var image = CardFactory.CreateDefault("86000000000000000080");
        SimRemoteManagement.Provision(image, requireCiphering, new OtaKeySetRecord { KeyIndex = 1, Kic = Kic, Kid = Kid });
        var card = new SimulatedCard(image, path);
        card.PowerOn();
        return card;
    }

    private static Scp80Keys Keys(string kid = Kid) => new(Hex.Parse(Kic), Hex.Parse(kid));

    private static byte[] Pack(ulong counter, byte[] script, Spi? spi = null, string tar = "000000", string kid = Kid)
    {
        using var keys = Keys(kid);
        return new CommandPacket(spi ?? Secure, Key1, Key1, Hex.Parse(tar), counter, script).Encode(keys);
    }

    private static ResponsePacket Por(byte[]? bytes, Spi? spi = null)
    {
        Assert.NotNull(bytes);
        using var keys = Keys();
        return ResponsePacket.Decode(bytes, spi ?? Secure, Key1, Key1, keys);
    }

    private static byte[] Compact(params string[] apdus) => CompactScript.Encode(apdus.Select(CommandApdu.Parse));

    [Fact]
    public void A_compact_script_runs_on_the_isd_inside_an_authenticated_context()
    {
        using var card = NewSim();
        var sim = new SimRemoteManagement(card);
        // GET STATUS of the ISD needs an authenticated session (6982 without one); DELETE of an unknown AID reaches the registry (6A88).
        var por = Por(sim.Receive(Pack(1, Compact("80F28000024F0000", "80E40000094F07A00000000000FF00"))));
        Assert.Equal(PorStatus.Ok, por.Status);
        Assert.Equal(1UL, por.Counter);
        var response = CompactResponse.Decode(por.Data.Span);
        Assert.Equal(2, response.ExecutedCommands);
        Assert.Equal(StatusWords.ReferencedDataNotFound, response.LastResponse.StatusWord);
        Assert.Equal(1UL, card.Image.Ota!.KeySets[0].Counter);
    }

    [Fact]
    public void A_replayed_packet_gets_counter_low_and_runs_nothing()
    {
        using var card = NewSim();
        var sim = new SimRemoteManagement(card);
        var packet = Pack(5, Compact("80CA006600"));
        Assert.Equal(PorStatus.Ok, Por(sim.Receive(packet)).Status);
        var replay = Por(sim.Receive(packet));
        Assert.Equal(PorStatus.CounterLow, replay.Status);
        Assert.True(replay.Data.IsEmpty);
        Assert.Equal(5UL, card.Image.Ota!.KeySets[0].Counter);
    }

    [Fact]
    public void One_higher_refuses_a_gap_with_counter_high()
    {
        using var card = NewSim();
        var sim = new SimRemoteManagement(card);
        var oneHigher = Spi.FromValue(0x1E39);
        Assert.Equal(Scp80CounterMode.OneHigher, oneHigher.CounterMode);
        Assert.Equal(PorStatus.Ok, Por(sim.Receive(Pack(1, Compact("80CA006600"), oneHigher)), oneHigher).Status);
        Assert.Equal(PorStatus.CounterHigh, Por(sim.Receive(Pack(3, Compact("80CA006600"), oneHigher)), oneHigher).Status);
        Assert.Equal(PorStatus.Ok, Por(sim.Receive(Pack(2, Compact("80CA006600"), oneHigher)), oneHigher).Status);
    }

    [Fact]
    public void A_wrong_checksum_gets_a_clear_por_01_and_leaves_the_counter()
    {
        using var card = NewSim();
        var sim = new SimRemoteManagement(card);
        var por = Por(sim.Receive(Pack(9, Compact("80CA006600"), kid: "00000000000000000000000000000000")));
        Assert.Equal(PorStatus.ChecksumFailed, por.Status);
        Assert.Equal(0UL, card.Image.Ota!.KeySets[0].Counter);
    }

    [Theory]
    [InlineData("B00010", 0x1639, PorStatus.TarUnknown)]
    [InlineData("000000", 0x0239, PorStatus.InsufficientSecurityLevel)] // CC but no counter
    [InlineData("000000", 0x1039, PorStatus.InsufficientSecurityLevel)] // counter but no checksum
    public void Security_refusals_are_clear_pors(string tar, int spi, PorStatus expected)
    {
        using var card = NewSim();
        var por = Por(new SimRemoteManagement(card).Receive(Pack(1, Compact("80CA006600"), Spi.FromValue((ushort)spi), tar)), Spi.FromValue((ushort)spi));
        Assert.Equal(expected, por.Status);
        Assert.Equal(0UL, card.Image.Ota!.KeySets[0].Counter);
    }

    [Fact]
    public void Ciphering_can_be_required()
    {
        using var card = NewSim(requireCiphering: true);
        var clearSpi = Spi.FromValue(0x1231); // CC, counter higher, not ciphered
        Assert.Equal(PorStatus.InsufficientSecurityLevel, Por(new SimRemoteManagement(card).Receive(Pack(1, Compact("80CA006600"), clearSpi)), clearSpi).Status);
    }

    [Fact]
    public void An_unknown_key_index_is_an_unidentified_security_error()
    {
        using var card = NewSim();
        using var keys = Keys();
        var packet = new CommandPacket(Secure, new Scp80KeyId(0x25), new Scp80KeyId(0x25), new byte[3], 1, Compact("80CA006600")).Encode(keys);
        var por = ResponsePacket.Decode(new SimRemoteManagement(card).Receive(packet)!, Secure, new Scp80KeyId(0x25), new Scp80KeyId(0x25), keys);
        Assert.Equal(PorStatus.UnidentifiedSecurityError, por.Status);
    }

    [Fact]
    public void No_por_when_the_spi_asks_for_none_but_the_script_still_runs()
    {
        using var card = NewSim();
        var silent = Spi.FromValue(0x1600);
        Assert.Null(new SimRemoteManagement(card).Receive(Pack(1, Compact("80CA006600"), silent)));
        Assert.Equal(1UL, card.Image.Ota!.KeySets[0].Counter);
    }

    [Fact]
    public void Counters_survive_a_restart_through_the_state_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.json");
        try
        {
            using (var card = NewSim(path))
                Assert.Equal(PorStatus.Ok, Por(new SimRemoteManagement(card).Receive(Pack(7, Compact("80CA006600")))).Status);
            using var reloaded = SimulatedCard.FromStateFile(path);
            Assert.Equal(7UL, reloaded.Image.Ota!.KeySets[0].Counter);
            Assert.Equal(PorStatus.CounterLow, Por(new SimRemoteManagement(reloaded).Receive(Pack(7, Compact("80CA006600")))).Status);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".tmp");
        }
    }

    [Fact]
    public void Garbage_gets_no_crash_and_a_clear_06_when_a_tar_can_be_read()
    {
        using var card = NewSim();
        var sim = new SimRemoteManagement(card);
        Assert.Null(sim.Receive(Hex.Parse("0001")));
        var por = ResponsePacket.Decode(sim.Receive(Hex.Parse("FFFF0D16390000000000"))!, Secure, Key1, Key1, null);
        Assert.Equal(PorStatus.UnidentifiedSecurityError, por.Status);
    }

    [Fact]
    public void A_download_by_expanded_script_over_concatenated_sms_installs_the_applet()
    {
        var cap = CapFiles.Read(CapFiles.Empty);
        const string instance = "0102030405060788";
        var commands = new List<CommandApdu>
        {
            InstallCommand.ForLoad(Aid.Parse(cap.PackageAid), null, default, new LoadParameters(NonVolatileCodeMinimum: cap.LoadFileDataBlock.Bytes.Length).ToArray()).ToApdu(),
        };
        commands.AddRange(LoadFileBuilder.BuildCommands(cap.LoadFileDataBlock.Bytes.ToArray(), maxBlockSize: 200).Select(l => l.ToApdu()));
        commands.Add(InstallCommand.ForInstall(Aid.Parse(cap.PackageAid), Aid.Parse(cap.AppletAids[0]), Aid.Parse(instance), Privileges.None, InstallParameters.Empty.ToArray()).ToApdu());
        var script = CommandScript.FromCommands(commands).ToArray();

        using var card = NewSim();
        var sim = new SimRemoteManagement(card);
        var sms = SmsPp.CommandUserData(Pack(1, script), 0x21);
        Assert.True(sms.Count > 1);
        IReadOnlyList<byte[]> answer = [];
        foreach (var userData in sms)
        {
            var tpdu = SmsTpdu.Parse(SmsTpdu.EncodeDeliver("+8613800000000", DateTimeOffset.UnixEpoch, userData));
            Assert.Empty(answer);
            answer = sim.OnShortMessage(tpdu.UserData);
        }
        var whole = new SmsPpAssembler();
        SmsPpPacket? porPacket = null;
        foreach (var part in answer)
            porPacket ??= whole.Add(part);
        Assert.NotNull(porPacket);
        Assert.False(porPacket.IsCommand);
        var por = Por(porPacket.Packet);
        Assert.Equal(PorStatus.Ok, por.Status);
        var response = ResponseScript.Parse(por.Data.Span);
        Assert.Equal(commands.Count, response.ExecutedCommands);
        Assert.All(response.Responses, r => Assert.Equal(StatusWords.Success, r.StatusWord));
        Assert.Contains(card.Image.Applications, a => a.Aid == instance);
    }
}
