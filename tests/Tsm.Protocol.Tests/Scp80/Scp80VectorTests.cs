using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp80;

namespace Tsm.Protocol.Tests.Scp80;

/// <summary>
/// Known-answer vectors worked out from the layouts of ETSI TS 102 225 §5.1.1/§5.2 and 3GPP TS 31.115 §4.2/§4.3,
/// step by step, with only the block cipher operations computed by an independent tool (OpenSSL 3):
/// <list type="number">
/// <item>lay the fields out by hand: CPL, CHL, SPI, KIc, KID, TAR, CNTR, PCNTR, data; PCNTR pads CNTR…data to whole cipher blocks;</item>
/// <item>CC: the clear packet without the CC field, zero-padded to 8 bytes for DES, e.g.
/// <c>echo -n HEX | xxd -r -p | openssl enc -des-ede-cbc -K KID -iv 0000000000000000 -nopad</c>, last block;
/// for AES <c>openssl mac -cipher AES-128-CBC -macopt hexkey:KID CMAC</c>, leftmost 8 bytes;</item>
/// <item>cipher CNTR…padding with <c>openssl enc -des-ede-cbc</c> (or <c>-aes-128-cbc</c>) under KIc, zero IV, no padding.</item>
/// </list>
/// The intermediate values are in the comments of each vector.
/// </summary>
public sealed class Scp80VectorTests
{
    private const string TripleDesKic = "0123456789ABCDEFFEDCBA9876543210";
    private const string TripleDesKid = "112233445566778899AABBCCDDEEFF00";

    // GET STATUS of the ISD (compact form: CLA INS P1 P2 P3 data).
    private static readonly byte[] GetStatus = Hex.Parse("80F24000024F00");

    private static Scp80Keys Keys(string kic, string kid) => new(Hex.Parse(kic), Hex.Parse(kid));

    // SPI 1639: CC, ciphered, counter higher; PoR always, with CC, ciphered, by SMS-SUBMIT. KIc = KID = 15 (key 1, 3DES 2 keys).
    // CNTR..data = 5+1+8+7 = 21 octets -> PCNTR 3; CHL = 13+8 = 0x15; CPL = 1+21+7+3 = 0x20.
    // CC input: 0020 15 1639 15 15 000000 0000000001 03 80F24000024F00 000000 (26 octets, zero-padded to 32)
    //   -> 3DES CBC last block C0111C1C89EDEF95.
    // Ciphered: 0000000001 03 C0111C1C89EDEF95 80F24000024F00 000000 -> 0B8DDACA...CCF905.
    private const string TripleDesPacket = "0020" + "15" + "1639" + "15" + "15" + "000000" + "0B8DDACAD57E5C9BA601E64499A3D71261BF623069CCF905";

    [Fact]
    public void Triple_des_command_packet_matches_the_worked_vector()
    {
        using var keys = Keys(TripleDesKic, TripleDesKid);
        var packet = new CommandPacket(new Spi(0x16, 0x39), new Scp80KeyId(0x15), new Scp80KeyId(0x15), new byte[3], 1, GetStatus);
        Assert.Equal(TripleDesPacket, Hex.Format(packet.Encode(keys)));
        var opened = CommandPacket.Open(Hex.Parse(TripleDesPacket), keys);
        Assert.Equal(packet, opened);
        Assert.Equal(1UL, opened.Counter);
    }

    // Same SPI, KIc = KID = 12 (key 1, AES), AES-128 keys 00..0F and 10..1F.
    // CNTR..data = 21 octets -> PCNTR 0B (to 32); CPL = 1+21+7+11 = 0x28.
    // CMAC input: 0028 15 1639 12 12 000000 0000000001 0B 80F24000024F00 + 11 x 00 -> CMAC EA6EE1D9C99C95F560D564D7B1AACFC8; CC = EA6EE1D9C99C95F5.
    // Ciphered: 0000000001 0B EA6EE1D9C99C95F5 80F24000024F00 + 11 x 00 under AES-128-CBC -> B68B60D6...E17A5B.
    [Fact]
    public void Aes_command_packet_matches_the_worked_vector()
    {
        using var keys = Keys("000102030405060708090A0B0C0D0E0F", "101112131415161718191A1B1C1D1E1F");
        var packet = new CommandPacket(new Spi(0x16, 0x39), new Scp80KeyId(0x12), new Scp80KeyId(0x12), new byte[3], 1, GetStatus);
        const string expected = "0028" + "15" + "1639" + "12" + "12" + "000000" + "B68B60D60167AD41D70FF87F54D2F60C2C17431AF3EB043EAB0E303415E17A5B";
        Assert.Equal(expected, Hex.Format(packet.Encode(keys)));
        Assert.Equal(packet, CommandPacket.Open(Hex.Parse(expected), keys));
    }

    // SPI 0201: CC only, no counter; PoR always, clear. KID 11 (key 1, single DES), key 0123456789ABCDEF.
    // Not ciphered: PCNTR 0. CPL = 1+21+7 = 0x1D. CC input: 001D 15 0201 1111 000000 0000000000 00 00A40000023F00
    // (23 octets, zero-padded to 24) -> DES CBC last block FCB3BBD6125189B4, sent in clear.
    [Fact]
    public void Single_des_checksum_only_packet_matches_the_worked_vector()
    {
        using var keys = Keys("0123456789ABCDEF", "0123456789ABCDEF");
        var packet = new CommandPacket(new Spi(0x02, 0x01), new Scp80KeyId(0x11), new Scp80KeyId(0x11), new byte[3], 0, Hex.Parse("00A40000023F00"));
        const string expected = "001D" + "15" + "0201" + "11" + "11" + "000000" + "0000000000" + "00" + "FCB3BBD6125189B4" + "00A40000023F00";
        Assert.Equal(expected, Hex.Format(packet.Encode(keys)));
        Assert.Equal(packet, CommandPacket.Open(Hex.Parse(expected), keys));
    }

    // The PoR to the 3DES command: TAR 000000, CNTR 0000000001, status 00, compact response 01 6A88 (one command, SW 6A88).
    // CNTR..data = 5+1+1+8+3 = 18 -> PCNTR 6; RHL = 10+8 = 0x12; RPL = 1+18+3+6 = 0x1C.
    // CC input: 027100 001C 12 000000 0000000001 06 00 016A88 000000000000 (25 octets, zero-padded to 32) -> C131989F25CA92C1.
    // Ciphered: 0000000001 06 00 C131989F25CA92C1 016A88 000000000000 -> 4C20C8AE...8081EB.
    private const string TripleDesPor = "001C12000000" + "4C20C8AE5F153CE0FBDB97C981AA0E9C757A6E633F8081EB";

    [Fact]
    public void Triple_des_por_matches_the_worked_vector_and_decodes()
    {
        using var keys = Keys(TripleDesKic, TripleDesKid);
        var compact = new CompactResponse(1, new ResponseApdu(new StatusWord(0x6A88)));
        var por = new ResponsePacket(new byte[3], 1, PorStatus.Ok, compact.Encode());
        Assert.Equal(TripleDesPor, Hex.Format(por.Encode(new Spi(0x16, 0x39), new Scp80KeyId(0x15), new Scp80KeyId(0x15), keys)));

        var decoded = ResponsePacket.Decode(Hex.Parse(TripleDesPor), new Spi(0x16, 0x39), new Scp80KeyId(0x15), new Scp80KeyId(0x15), keys);
        Assert.Equal(por, decoded);
        var response = CompactResponse.Decode(decoded.Data.Span);
        Assert.Equal(1, response.ExecutedCommands);
        Assert.Equal(0x6A88, response.LastResponse.StatusWord.Value);
    }

    [Fact]
    public void Por_with_a_wrong_kid_key_is_a_checksum_fault()
    {
        using var keys = Keys(TripleDesKic, "00000000000000000000000000000000");
        var error = Assert.Throws<Scp80FormatException>(() =>
            ResponsePacket.Decode(Hex.Parse(TripleDesPor), new Spi(0x16, 0x39), new Scp80KeyId(0x15), new Scp80KeyId(0x15), keys));
        Assert.Equal(Scp80Fault.Checksum, error.Fault);
    }

    [Fact]
    public void Security_failure_por_goes_in_clear_and_is_accepted_only_with_a_failure_status()
    {
        using var keys = Keys(TripleDesKic, TripleDesKid);
        var spi = new Spi(0x16, 0x39);
        var failed = new ResponsePacket(new byte[3], 7, PorStatus.ChecksumFailed);
        var bytes = failed.Encode(spi, new Scp80KeyId(0x15), new Scp80KeyId(0x15), keys);
        // RPL 000B, RHL 0A, TAR, CNTR 0000000007, PCNTR 00, status 01: no CC, not ciphered.
        Assert.Equal("000B0A0000000000000007" + "0001", Hex.Format(bytes));
        Assert.Equal(failed, ResponsePacket.Decode(bytes, spi, new Scp80KeyId(0x15), new Scp80KeyId(0x15), keys));

        bytes[^1] = (byte)PorStatus.Ok; // a forged clear PoR claiming success
        var error = Assert.Throws<Scp80FormatException>(() => ResponsePacket.Decode(bytes, spi, new Scp80KeyId(0x15), new Scp80KeyId(0x15), keys));
        Assert.Equal(Scp80Fault.Checksum, error.Fault);
    }

    [Fact]
    public void Spi_bits_read_as_ts_102_225_defines_them()
    {
        var spi = Spi.FromValue(0x1639);
        Assert.Equal(Scp80ChecksumKind.CryptographicChecksum, spi.Checksum);
        Assert.True(spi.Ciphered);
        Assert.Equal(Scp80CounterMode.Higher, spi.CounterMode);
        Assert.Equal(PorRequest.Always, spi.Por);
        Assert.Equal(Scp80ChecksumKind.CryptographicChecksum, spi.PorChecksum);
        Assert.True(spi.PorCiphered);
        Assert.True(spi.PorBySubmit);
        Assert.Equal(spi, Spi.Create(Scp80ChecksumKind.CryptographicChecksum, true, Scp80CounterMode.Higher, PorRequest.Always,
            Scp80ChecksumKind.CryptographicChecksum, porCiphered: true, porBySubmit: true));
        Assert.Equal("1639", spi.ToString());
        var kid = new Scp80KeyId(0x35);
        Assert.Equal(3, kid.KeyIndex);
        Assert.Equal(Scp80Algorithm.TripleDes2Key, kid.Algorithm);
        Assert.Equal(kid, Scp80KeyId.Create(3, Scp80Algorithm.TripleDes2Key));
    }
}
