using CsCheck;
using Tsm.Protocol.Apdu;

namespace Tsm.Protocol.Tests.Apdu;

/// <summary>Command APDU encodings of ISO/IEC 7816-3 §12.1.3 and 7816-4 §5.1, short and extended.</summary>
public sealed class CommandApduTests
{
    private static readonly Gen<byte[]> Data =
        Gen.Frequency(
            (3, Gen.Const(Array.Empty<byte>())),
            (6, Gen.Byte.Array[1, 255]),
            (2, Gen.Byte.Array[256, 1000]),
            (1, Gen.OneOf(65535, 4096).Select(n => new byte[n])));

    private static readonly Gen<int?> Ne =
        Gen.Frequency(
            (3, Gen.Const((int?)null)),
            (4, Gen.Int[1, 256].Select(n => (int?)n)),
            (2, Gen.Int[257, 65536].Select(n => (int?)n)),
            (1, Gen.OneOf<int?>(1, 256, 257, 65535, 65536)));

    private static readonly Gen<CommandApdu> Apdus =
        Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte, Data, Ne, Gen.Bool)
            .Select((cla, ins, p1, p2, data, ne, extended) => new CommandApdu(cla, ins, p1, p2, data, ne, extended));

    [Fact]
    public void Encode_then_parse_gives_the_same_command()
    {
        Apdus.Sample(apdu =>
        {
            var bytes = apdu.ToArray();
            Assert.Equal(apdu.EncodedLength, bytes.Length);
            var parsed = CommandApdu.Parse(bytes);
            Assert.Equal(apdu, parsed);
            Assert.Equal(apdu.Case, parsed.Case);
            Assert.Equal(bytes, parsed.ToArray());
        }, iter: 500, threads: 1);
    }

    [Theory]
    [InlineData("80CA00C1", 1, 0, null, false)] // case 1
    [InlineData("80CA00C1 00", 2, 0, 256, false)] // case 2S, Le 00 = 256
    [InlineData("80CA00C1 10", 2, 0, 16, false)]
    [InlineData("80E40000 03 4F0100", 3, 3, null, false)] // case 3S
    [InlineData("80E40000 03 4F0100 00", 4, 3, 256, false)] // case 4S
    [InlineData("80CA00C1 000000", 2, 0, 65536, true)] // case 2E, Le 0000 = 65536
    [InlineData("80CA00C1 000105", 2, 0, 261, true)]
    [InlineData("80E40000 000003 4F0100", 3, 3, null, true)] // case 3E
    [InlineData("80E40000 000003 4F0100 0000", 4, 3, 65536, true)] // case 4E
    [InlineData("80E40000 000003 4F0100 0010", 4, 3, 16, true)]
    public void Every_encoding_parses(string hex, int apduCase, int nc, int? ne, bool extended)
    {
        var bytes = Hex.Parse(hex);
        var apdu = CommandApdu.Parse(bytes);
        Assert.Equal(apduCase, apdu.Case);
        Assert.Equal(nc, apdu.Data.Length);
        Assert.Equal(ne, apdu.Ne);
        Assert.Equal(extended, apdu.IsExtended);
        Assert.Equal(bytes, apdu.ToArray());
    }

    [Fact]
    public void Longest_commands_use_extended_fields()
    {
        var apdu = new CommandApdu(0x80, 0xE8, 0x00, 0x00, new byte[65535], 65536);
        var bytes = apdu.ToArray();
        Assert.Equal(4 + 3 + 65535 + 2, bytes.Length);
        Assert.Equal(new byte[] { 0x00, 0xFF, 0xFF }, bytes[4..7]);
        Assert.Equal(new byte[] { 0x00, 0x00 }, bytes[^2..]);
        Assert.Equal(apdu, CommandApdu.Parse(bytes));
    }

    [Fact]
    public void A_forced_extended_case_1_stays_a_plain_header()
    {
        var apdu = new CommandApdu(0x00, 0x70, 0x00, 0x00, forceExtended: true);
        Assert.False(apdu.IsExtended);
        Assert.Equal(apdu, CommandApdu.Parse(apdu.ToArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("80CA00")] // 3 bytes
    [InlineData("80E40000 05 0102")] // Lc 5, 2 bytes follow
    [InlineData("80E40000 02 010203 00 00")] // Lc 2, 5 bytes follow
    [InlineData("80E40000 0001")] // extended field truncated
    [InlineData("80E40000 000000 01")] // extended Lc 0
    [InlineData("80E40000 000005 0102")] // extended Lc 5, 2 bytes follow
    [InlineData("80E40000 000002 0102 00")] // extended case 4 with a one-byte Le
    public void Malformed_commands_throw_ApduFormatException(string hex)
    {
        Assert.Throws<ApduFormatException>(() => CommandApdu.Parse(Hex.Parse(hex)));
    }

    [Fact]
    public void Random_bytes_parse_or_throw_ApduFormatException()
    {
        var gen = Gen.Frequency(
            (2, Gen.Byte.Array[0, 12]),
            (3, Gen.Select(Gen.Byte.Array[4], Gen.Byte[0, 12], Gen.Byte.Array[0, 14]).Select((h, lc, rest) => (byte[])[.. h, lc, .. rest])),
            (3, Gen.Select(Gen.Byte.Array[4], Gen.Byte[0, 12], Gen.Byte.Array[0, 16]).Select((h, lc, rest) => (byte[])[.. h, 0, 0, lc, .. rest])));
        gen.Sample(bytes =>
        {
            try
            {
                var apdu = CommandApdu.Parse(bytes);
                Assert.Equal(bytes, apdu.ToArray()); // every accepted encoding is canonical
            }
            catch (ApduFormatException)
            {
            }
        }, iter: 20000, threads: 1);
    }

    [Theory]
    [InlineData(0x80, 0)]
    [InlineData(0x81, 1)]
    [InlineData(0x83, 3)]
    [InlineData(0x84, 0)] // SM bit is not a channel bit
    [InlineData(0x40, 4)]
    [InlineData(0x4F, 19)]
    [InlineData(0xE3, 7)]
    public void Channel_from_cla(byte cla, int channel) => Assert.Equal(channel, new CommandApdu(cla, 0xCA, 0, 0).Channel);
}
