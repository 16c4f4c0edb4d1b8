using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp80;
using Tsm.Simulator.Card;
using Tsm.Simulator.Sim;
using Tsm.Simulator.Smsc;

namespace Tsm.Simulator.Tests.Sim;

/// <summary>A SIM behind a handset of the SMSC simulator: MT SMS-PP in through the handset queue, the PoR out as MO.</summary>
public sealed class SimHandsetTests
{
    private const string Kic = "0123456789ABCDEFFEDCBA9876543210";
    private const string Kid = "112233445566778899AABBCCDDEEFF00";

    [Fact]
    public async Task A_secured_packet_through_the_handset_queue_is_answered_by_an_mo_por()
    {
        var image = CardFactory.CreateDefault("86000000000000000081");
        SimRemoteManagement.Provision(image, false, new OtaKeySetRecord { KeyIndex = 1, Kic = Kic, Kid = Kid });
        using var card = new SimulatedCard(image);
        card.PowerOn();
        var handsets = new Handsets();
        var sent = new List<(string To, byte[] UserData)>();
        var handset = new SimHandset(handsets, "8613800000001", new SimRemoteManagement(card), (to, ud, _) =>
        {
            sent.Add((to, ud.ToArray()));
            return Task.CompletedTask;
        });

        using var keys = new Scp80Keys(Hex.Parse(Kic), Hex.Parse(Kid));
        var spi = Spi.FromValue(0x1639);
        var packet = new CommandPacket(spi, new Scp80KeyId(0x15), new Scp80KeyId(0x15), new byte[3], 1, CompactScript.Encode([CommandApdu.Parse("80CA006600")])).Encode(keys);
        handsets.Deliver("10658", "8613800000001", udhi: true, 0xF6, SmsPp.CommandUserData(packet, 1)[0]);
        handsets.Deliver("10658", "8613800000001", udhi: false, 0x00, "hello"u8);

        var first = await handsets.ReceiveAsync("8613800000001", TimeSpan.Zero);
        Assert.Equal(1, await handset.HandleAsync(first!));
        var second = await handsets.ReceiveAsync("8613800000001", TimeSpan.Zero);
        Assert.Equal(0, await handset.HandleAsync(second!));
        Assert.Equal(1, handset.Ignored);

        var (to, userData) = Assert.Single(sent);
        Assert.Equal("10658", to);
        Assert.Equal("027100", Hex.Format(userData.AsSpan(0, 3)));
        var por = ResponsePacket.Decode(userData.AsSpan(3), spi, new Scp80KeyId(0x15), new Scp80KeyId(0x15), keys);
        Assert.Equal(PorStatus.Ok, por.Status);
        Assert.Equal(StatusWords.Success, CompactResponse.Decode(por.Data.Span).LastResponse.StatusWord);
    }
}
