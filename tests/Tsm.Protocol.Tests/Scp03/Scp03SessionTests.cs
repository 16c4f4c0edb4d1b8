using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp02;
using Tsm.Protocol.Scp03;

namespace Tsm.Protocol.Tests.Scp03;

/// <summary>Host and card side of SCP03 against each other: every level and key size, tampering, malformed input.</summary>
public sealed class Scp03SessionTests
{
    private static readonly byte[] Kdd = Hex.Parse("00112233445566778899");
    private static readonly byte[] Aid = Hex.Parse("A000000151000000");

    private static Scp03KeySet Keys(int length, byte seed = 0x40, byte version = 0x30) =>
        new(version, Enumerable.Range(seed, length).Select(b => (byte)b).ToArray(), Enumerable.Range(seed + 1, length).Select(b => (byte)b).ToArray(), Enumerable.Range(seed + 2, length).Select(b => (byte)b).ToArray());

    private static (Scp03HostChannel Host, Scp03CardChannel Card) Open(Scp03KeySet keys, SecurityLevel level, byte i = 0x70, int counter = 5)
    {
        var host = new Scp03HostChannel(keys, level);
        var card = new Scp03CardChannel(keys, new Scp03Parameter(i), Kdd, Aid, counter);
        var answer = card.InitializeUpdate(InitializeUpdateCommand.Parse(host.InitializeUpdate(keys.Version)));
        var parsed = Scp03InitializeUpdateResponse.Parse(answer.ToArray());
        Assert.Equal(ExternalAuthenticateOutcome.Authenticated, card.ExternalAuthenticate(host.ExternalAuthenticate(parsed, Aid)));
        return (host, card);
    }

    public static TheoryData<byte, int> LevelsAndKeySizes()
    {
        var data = new TheoryData<byte, int>();
        foreach (var level in new byte[] { 0x00, 0x01, 0x03, 0x11, 0x13, 0x33 })
        {
            foreach (var size in new[] { 16, 24, 32 })
                data.Add(level, size);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LevelsAndKeySizes))]
    public void Commands_and_answers_round_trip_at_every_level(byte levelByte, int keyLength)
    {
        var level = (SecurityLevel)levelByte;
        using var keys = Keys(keyLength);
        var (host, card) = Open(keys, level);
        using (host)
        using (card)
        {
            CommandApdu[] commands =
            [
                CommandApdu.Parse("80F22000024F0000"),
                CommandApdu.Parse("80CA006600"), // no data: the counter still moves
                new CommandApdu(0x80, 0xE2, 0x80, 0x00, Enumerable.Range(0, 16).Select(b => (byte)b).ToArray()), // a whole block: a padding block is added
                new CommandApdu(0x80, 0xE8, 0x00, 0x00, new byte[300]), // extended
            ];
            foreach (var plain in commands)
            {
                var wire = host.Wrap(plain);
                Assert.Equal((level & SecurityLevel.CMac) != 0, (wire.Cla & 0x04) != 0);
                Assert.Equal((level & SecurityLevel.CDecryption) == 0 || plain.Data.IsEmpty, wire.Data.Span.StartsWith(plain.Data.Span));
                var received = card.Unwrap(wire);
                Assert.Equal(plain.ToHex(), received.ToHex());
                var answer = new ResponseApdu(Hex.Parse("6F0A8408A000000151000000"), StatusWords.Success);
                var back = host.Unwrap(card.WrapResponse(received, answer));
                Assert.Equal(Hex.Format(answer.ToArray()), Hex.Format(back.ToArray()));
            }
            // Errors travel bare; warnings are protected like 9000.
            var error = card.WrapResponse(commands[0], new ResponseApdu(StatusWords.ReferencedDataNotFound));
            Assert.Equal("6A88", Hex.Format(error.ToArray()));
            var warning = new ResponseApdu(Hex.Parse("01"), StatusWords.MoreData);
            var wrappedWarning = card.WrapResponse(commands[0], warning);
            Assert.Equal((level & SecurityLevel.RMac) != 0, wrappedWarning.Data.Length > 1);
            Assert.Equal("019000"[..2] + "6310", Hex.Format(host.Unwrap(wrappedWarning).ToArray()));
        }
    }

    [Fact]
    public void A_tampered_command_or_answer_is_refused()
    {
        using var keys = Keys(16);
        var (host, card) = Open(keys, SecurityLevel.All);
        using (host)
        using (card)
        {
            var wire = host.Wrap(CommandApdu.Parse("80F22000024F0000")).ToArray();
            wire[^3] ^= 0x01; // inside the C-MAC (the last byte is Le)
            Assert.Throws<Scp03Exception>(() => card.Unwrap(CommandApdu.Parse(wire)));
            // A command without secure messaging in a C-MAC session is refused.
            Assert.Throws<Scp03Exception>(() => card.Unwrap(CommandApdu.Parse("80F22000024F0000")));
        }
        var (host2, card2) = Open(keys, SecurityLevel.All);
        using (host2)
        using (card2)
        {
            var plain = card2.Unwrap(host2.Wrap(CommandApdu.Parse("80CA006600")));
            var answer = card2.WrapResponse(plain, new ResponseApdu(Hex.Parse("0102"), StatusWords.Success)).ToArray();
            answer[0] ^= 0x80;
            Assert.Throws<Scp03Exception>(() => host2.Unwrap(ResponseApdu.Parse(answer)));
            Assert.Throws<Scp03Exception>(() => host2.Unwrap(ResponseApdu.Parse("01029000")));
        }
    }

    [Fact]
    public void Wrong_keys_fail_the_card_cryptogram_and_a_forged_host_cryptogram_fails_on_the_card()
    {
        using var keys = Keys(16);
        using var other = Keys(16, seed: 0x50);
        using var card = new Scp03CardChannel(keys, Scp03Parameter.I70, Kdd, Aid, 0);
        using var impostor = new Scp03HostChannel(other, SecurityLevel.CMac);
        var answer = card.InitializeUpdate(InitializeUpdateCommand.Parse(impostor.InitializeUpdate(0x30)));
        Assert.Throws<Scp03Exception>(() => impostor.ExternalAuthenticate(answer));

        using var host = new Scp03HostChannel(keys, SecurityLevel.CMac);
        answer = card.InitializeUpdate(InitializeUpdateCommand.Parse(host.InitializeUpdate(0x30)));
        var genuine = host.ExternalAuthenticate(answer).ToArray();
        genuine[5] ^= 0x01;
        Assert.Equal(ExternalAuthenticateOutcome.HostCryptogramInvalid, card.ExternalAuthenticate(CommandApdu.Parse(genuine)));
        Assert.False(card.IsAuthenticated);
    }

    [Fact]
    public void The_card_refuses_levels_its_i_does_not_offer_and_the_host_does_not_ask_for_them()
    {
        using var keys = Keys(16);
        using var card = new Scp03CardChannel(keys, Scp03Parameter.I00, Kdd, Aid, 0);
        using var host = new Scp03HostChannel(keys, SecurityLevel.CMacRMac);
        var answer = card.InitializeUpdate(InitializeUpdateCommand.Parse(host.InitializeUpdate(0x30)));
        Assert.Null(answer.SequenceCounter);
        Assert.Throws<Scp03Exception>(() => host.ExternalAuthenticate(answer));
        Assert.Throws<ArgumentException>(() => new Scp03HostChannel(keys, SecurityLevel.CDecryption));
        Assert.Throws<ArgumentException>(() => new Scp03HostChannel(keys, SecurityLevel.RMac));
    }

    [Fact]
    public void The_pseudo_random_challenge_comes_from_the_counter_and_the_AID()
    {
        using var keys = Keys(16);
        using var card = new Scp03CardChannel(keys, Scp03Parameter.I70, Kdd, Aid, 0x0102);
        using var host = new Scp03HostChannel(keys, SecurityLevel.CMac);
        var answer = card.InitializeUpdate(InitializeUpdateCommand.Parse(host.InitializeUpdate(0x30)));
        Assert.Equal(0x0102, answer.SequenceCounter);
        Assert.Equal(Scp03Crypto.PseudoRandomCardChallenge(keys.Enc, 0x0102, Aid), answer.CardChallenge.ToArray());
        Assert.NotEqual(Scp03Crypto.PseudoRandomCardChallenge(keys.Enc, 0x0103, Aid), answer.CardChallenge.ToArray());
        Assert.Throws<Scp03Exception>(() => host.ExternalAuthenticate(answer, Hex.Parse("A0000001510001")));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void Keys_for_PUT_KEY_round_trip_under_the_DEK(int length)
    {
        var dek = Enumerable.Range(1, 16).Select(b => (byte)b).ToArray();
        var key = Enumerable.Range(0x20, length).Select(b => (byte)b).ToArray();
        var block = Scp03Crypto.EncryptKey(dek, key);
        Assert.Equal(length, block[0]);
        Assert.Equal(1 + ((length + 15) / 16 * 16), block.Length);
        Assert.Equal(key, Scp03Crypto.DecryptKey(dek, block));
        // The form without a length byte (a whole number of blocks) is accepted too.
        if (length % 16 == 0)
            Assert.Equal(key, Scp03Crypto.DecryptKey(dek, block.AsSpan(1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")] // length but nothing encrypted
    [InlineData("0F00112233445566778899AABBCCDDEEFF")] // 15 is not an AES key length
    [InlineData("20000102030405060708090A0B0C0D0E0F")] // 32 announced, 16 present
    public void Malformed_key_blocks_are_refused(string hex) =>
        Assert.Null(Scp03Crypto.DecryptKey(new byte[16], Hex.Parse(hex)));

    [Theory]
    [InlineData(0)]
    [InlineData(28)]
    [InlineData(30)]
    [InlineData(33)]
    public void Initialize_update_answers_of_the_wrong_length_are_refused(int length) =>
        Assert.Throws<Scp03Exception>(() => Scp03InitializeUpdateResponse.Parse(new byte[length]));

    [Fact]
    public void An_SCP02_answer_is_not_taken_for_SCP03()
    {
        var data = new byte[29];
        data[11] = 0x02;
        Assert.Throws<Scp03Exception>(() => Scp03InitializeUpdateResponse.Parse(data));
    }

    [Theory]
    [InlineData("", "80000000000000000000000000000000")]
    [InlineData("01", "01800000000000000000000000000000")]
    [InlineData("000102030405060708090A0B0C0D0E0F", "000102030405060708090A0B0C0D0E0F80000000000000000000000000000000")]
    public void Padding_round_trips(string data, string padded)
    {
        Assert.Equal(padded, Hex.Format(Scp03Crypto.Pad(Hex.Parse(data))));
        Assert.True(Scp03Crypto.TryUnpad(Hex.Parse(padded), out var back));
        Assert.Equal(data, Hex.Format(back));
    }

    [Theory]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("01020304050607080910111213141516")]
    [InlineData("800000000000000000000000000000")]
    public void Bad_padding_is_refused(string padded) => Assert.False(Scp03Crypto.TryUnpad(Hex.Parse(padded), out _));

    [Fact]
    public void Padding_with_an_extra_block_of_zeros_is_accepted_from_cards()
    {
        Assert.True(Scp03Crypto.TryUnpad(Hex.Parse("0180000000000000000000000000000000000000000000000000000000000000"), out var data));
        Assert.Equal("01", Hex.Format(data));
    }

    [Fact]
    public void The_KDF_makes_longer_outputs_from_more_blocks_and_checks_L()
    {
        var key = new byte[16];
        var one = Scp03Crypto.Derive(key, 0x04, [1, 2], 128);
        var two = Scp03Crypto.Derive(key, 0x04, [1, 2], 256);
        Assert.Equal(16, one.Length);
        Assert.Equal(32, two.Length);
        Assert.NotEqual(one, two[..16]); // L is part of the input
        Assert.Equal(24, Scp03Crypto.Derive(key, 0x04, [1, 2], 192).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Scp03Crypto.Derive(key, 0x04, [], 12));
        Assert.Throws<ArgumentException>(() => Scp03Crypto.Derive(new byte[15], 0x04, [], 64));
    }
}
