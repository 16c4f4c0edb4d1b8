using CsCheck;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;

namespace Tsm.Protocol.Tests.Scp02Properties;

/// <summary>
/// Host ↔ card properties of SCP02 (GP 2.2.1 Appendix E) for every security level with C-MAC, for "i" = 15 and 55:
/// what the host wraps the card unwraps unchanged, and R-MACs made by the card verify on the host.
/// </summary>
public sealed class Scp02RoundTripTests
{
    public static TheoryData<byte, byte> LevelsAndOptions()
    {
        var data = new TheoryData<byte, byte>();
        foreach (var level in new byte[] { 0x01, 0x03, 0x11, 0x13 })
        {
            data.Add(level, 0x15);
            data.Add(level, 0x55);
        }
        return data;
    }

    /// <summary>CLA 80 or logical channels 1–3, any INS/P1/P2, 0–200 data bytes, optional Le.</summary>
    internal static readonly Gen<CommandApdu> Commands =
        Gen.Select(Gen.OneOf<byte>(0x80, 0x81, 0x82, 0x83), Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte.Array[0, 200], Gen.Int[0, 256])
            .Select((cla, ins, p1, p2, data, le) => new CommandApdu(cla, ins, p1, p2, data, le == 0 ? null : le));

    /// <summary>Success and warning responses with data; error responses carry none (ISO/IEC 7816-4 §5.1.3).</summary>
    private static readonly Gen<ResponseApdu> Responses =
        Gen.Frequency(
            (3, Gen.Select(Gen.Byte.Array[0, 100], Gen.OneOf<ushort>(0x9000, 0x6110, 0x6283, 0x6310))
                .Select((d, sw) => new ResponseApdu(d, new StatusWord(sw)))),
            (1, Gen.OneOf<ushort>(0x6A88, 0x6982, 0x6D00, 0x6700, 0x6A80).Select(sw => new ResponseApdu(new StatusWord(sw)))));

    [Theory]
    [MemberData(nameof(LevelsAndOptions))]
    public void Fifty_random_commands_unwrap_to_the_original(byte level, byte i)
    {
        Gen.Select(Commands, Responses).Array[50].Sample(exchanges =>
        {
            using var session = Scp02Session.Open((SecurityLevel)level, new Scp02Parameter(i));
            foreach (var (plain, response) in exchanges)
            {
                var unwrapped = session.Send(plain, out var wrapped);
                Assert.Equal(plain, unwrapped);
                Assert.Equal(plain.Ne, wrapped.Ne);
                Assert.Equal(plain.Channel, wrapped.Channel);

                var onTheWire = ResponseApdu.Parse(session.Card.WrapResponse(unwrapped, response).ToArray());
                if ((level & 0x10) == 0)
                    Assert.Equal(response, onTheWire);
                else
                    Assert.Equal(response.Data.Length + 8, onTheWire.Data.Length);
                Assert.Equal(response, session.Host.Unwrap(plain, onTheWire));
            }
        }, iter: 3, threads: 1);
    }

    [Theory]
    [MemberData(nameof(LevelsAndOptions))]
    public void Session_keys_and_counter_agree(byte level, byte i)
    {
        using var session = Scp02Session.Open((SecurityLevel)level, new Scp02Parameter(i));
        var response = session.InitializeUpdateResponse!;
        Assert.Equal(Scp02Session.Counter, response.SequenceCounter);
        Assert.Equal(Scp02Session.Counter, session.Host.SessionKeys!.SequenceCounter);
        Assert.Equal(Scp02Session.KeyDiversificationData, response.KeyDiversificationData.ToArray());
        Assert.Equal(0x20, response.KeyVersion);
        Assert.True(session.Host.IsOpen);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x03)]
    [InlineData(0x11)]
    [InlineData(0x13)]
    public void Pseudo_random_card_challenge_for_i55(byte level)
    {
        using var session = Scp02Session.Open((SecurityLevel)level, Scp02Parameter.I55);
        var expected = Scp02Crypto.PseudoRandomCardChallenge(session.Host.SessionKeys!.CMacKey, Aid.GlobalPlatformIsd.Span);
        Assert.Equal(expected, session.InitializeUpdateResponse!.CardChallenge.ToArray());
    }

    [Fact]
    public void Card_challenge_for_i15_comes_from_the_random_source()
    {
        using var session = Scp02Session.Open(SecurityLevel.CMac, Scp02Parameter.I15);
        var pseudo = Scp02Crypto.PseudoRandomCardChallenge(session.Host.SessionKeys!.CMacKey, Aid.GlobalPlatformIsd.Span);
        Assert.NotEqual(pseudo, session.InitializeUpdateResponse!.CardChallenge.ToArray());
    }

    [Theory]
    [InlineData(0x15)]
    [InlineData(0x55)]
    public void Level_03_leaves_empty_data_unencrypted(byte i)
    {
        using var session = Scp02Session.Open(SecurityLevel.CMacCDecryption, new Scp02Parameter(i));
        var empty = new CommandApdu(0x80, 0xF2, 0x80, 0x00, ne: 256);
        var unwrapped = session.Send(empty, out var wrapped);
        Assert.Equal(8, wrapped.Data.Length); // the C-MAC only
        Assert.Equal(empty, unwrapped);

        var data = Hex.Parse("4F07A0000001510000");
        var withData = new CommandApdu(0x80, 0xE4, 0x00, 0x00, data);
        session.Send(withData, out var encrypted);
        Assert.Equal(16 + 8, encrypted.Data.Length); // 9 bytes padded to 16, then the C-MAC
        Assert.False(encrypted.Data.Span[..data.Length].SequenceEqual(data));
    }

    [Theory]
    [InlineData(0x15)]
    [InlineData(0x55)]
    public void Level_01_sends_data_in_clear(byte i)
    {
        using var session = Scp02Session.Open(SecurityLevel.CMac, new Scp02Parameter(i));
        var data = Hex.Parse("4F07A0000001510000");
        session.Send(new CommandApdu(0x80, 0xE4, 0x00, 0x00, data), out var wrapped);
        Assert.Equal(0x84, wrapped.Cla);
        Assert.Equal(data, wrapped.Data.Span[..^8].ToArray());
    }
}
