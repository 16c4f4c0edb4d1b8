using CsCheck;
using Tsm.Protocol.Scp80;

namespace Tsm.Protocol.Tests.Scp80;

/// <summary>
/// Policy: every SCP80 reader either succeeds or throws <see cref="Scp80FormatException"/> — never an index, argument
/// or crypto exception — on random bytes, truncations and mutations of valid packets.
/// </summary>
public sealed class Scp80MalformedInputTests
{
    private static readonly byte[] TripleDesKic = Hex.Parse("0123456789ABCDEFFEDCBA9876543210");
    private static readonly byte[] TripleDesKid = Hex.Parse("112233445566778899AABBCCDDEEFF00");

    private static readonly string[] ValidPackets =
    [
        "00201516391515000000" + "0B8DDACAD57E5C9BA601E64499A3D71261BF623069CCF905",
        "001D1502011111000000" + "0000000000" + "00" + "FCB3BBD6125189B4" + "00A40000023F00",
        "001C12000000" + "4C20C8AE5F153CE0FBDB97C981AA0E9C757A6E633F8081EB",
        "027000" + "001D1502011111000000",
        "44" + "0C91447700091032" + "7F" + "F6" + "62217081035000" + "04" + "027000AA",
    ];

    private static void Readers(byte[] data)
    {
        using var des3 = new Scp80Keys(TripleDesKic, TripleDesKid);
        using var aes = new Scp80Keys(new byte[16], new byte[16]);
        ParsesOrRejects(() => CommandPacket.ReadHeader(data));
        ParsesOrRejects(() => CommandPacket.Open(data, des3));
        ParsesOrRejects(() => CommandPacket.Open(data, aes));
        foreach (var spi in new[] { 0x1639, 0x0201, 0x1229, 0x0231 })
        {
            ParsesOrRejects(() => ResponsePacket.Decode(data, Spi.FromValue((ushort)spi), new Scp80KeyId(0x15), new Scp80KeyId(0x15), des3));
            ParsesOrRejects(() => ResponsePacket.Decode(data, Spi.FromValue((ushort)spi), new Scp80KeyId(0x12), new Scp80KeyId(0x12), aes));
        }
        ParsesOrRejects(() => CompactScript.Decode(data));
        ParsesOrRejects(() => CompactResponse.Decode(data));
        ParsesOrRejects(() => SmsTpdu.Parse(data));
        ParsesOrRejects(() => new SmsPpAssembler().Add(data));
    }

    private static void ParsesOrRejects(Action parse)
    {
        try
        {
            parse();
        }
        catch (Scp80FormatException)
        {
        }
    }

    [Fact]
    public void Random_bytes_only_raise_the_typed_error() =>
        Gen.Byte.Array[0, 160].Sample(Readers, iter: 3000);

    [Fact]
    public void Packet_shaped_random_bytes_only_raise_the_typed_error() =>
        // Lengths that agree with CPL/RPL reach the ciphering and checksum paths.
        Gen.Select(Gen.Byte.Array[11, 120], Gen.Byte, Gen.Byte).Sample(t =>
        {
            var (body, spi1, kic) = t;
            var data = new byte[body.Length + 2];
            data[0] = (byte)(body.Length >> 8);
            data[1] = (byte)body.Length;
            body.CopyTo(data, 2);
            data[2] = (byte)Math.Max(body[0] % 40, 10);
            data[3] = spi1;
            data[5] = kic;
            Readers(data);
        }, iter: 3000);

    [Fact]
    public void Truncated_and_mutated_packets_only_raise_the_typed_error()
    {
        foreach (var hex in ValidPackets)
        {
            var bytes = Hex.Parse(hex);
            for (var n = 0; n <= bytes.Length; n++)
                Readers(bytes[..n]);
        }
        Gen.Select(Gen.Int[0, ValidPackets.Length - 1], Gen.Int[0, 1000], Gen.Byte).Sample(t =>
        {
            var bytes = Hex.Parse(ValidPackets[t.Item1]);
            bytes[t.Item2 % bytes.Length] = t.Item3;
            Readers(bytes);
        }, iter: 2000);
    }
}
