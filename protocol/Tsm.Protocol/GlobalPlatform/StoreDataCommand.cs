using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>STORE DATA P1 b7-b6 (GP 2.2.1 §11.11.2.1, Table 11-81).</summary>
public enum StoreDataEncryption : byte
{
    None = 0x00,
    ApplicationDependent = 0x20,
    Encrypted = 0x60,
}

/// <summary>STORE DATA P1 b5-b4 (GP 2.2.1 §11.11.2.1, Table 11-81).</summary>
public enum StoreDataStructure : byte
{
    None = 0x00,
    Dgi = 0x08,
    BerTlv = 0x10,
}

/// <summary>
/// STORE DATA <c>80 E2 P1 P2 Lc data 00</c> (GP 2.2.1 §11.11). P1 b8 = last block, b7-b6 encryption, b5-b4 data
/// structure; P2 = block number <c>00</c>-<c>FF</c>.
/// </summary>
public sealed record StoreDataCommand(byte BlockNumber, bool IsLastBlock, ByteString Data, StoreDataStructure Structure = StoreDataStructure.Dgi, StoreDataEncryption Encryption = StoreDataEncryption.None)
{
    public const byte Ins = 0xE2;
    public const byte LastBlockBit = 0x80;

    public ByteString Data { get; init; } = Data.Length <= CommandApdu.MaxShortNc ? Data : throw new ArgumentOutOfRangeException(nameof(Data), "A STORE DATA block has at most 255 bytes.");

    public StoreDataStructure Structure { get; init; } = Enum.IsDefined(Structure) ? Structure : throw new ArgumentOutOfRangeException(nameof(Structure));

    public StoreDataEncryption Encryption { get; init; } = Enum.IsDefined(Encryption) ? Encryption : throw new ArgumentOutOfRangeException(nameof(Encryption));

    public CommandApdu ToApdu() =>
        new(GpEncoding.ProprietaryCla, Ins, (byte)((IsLastBlock ? LastBlockBit : 0) | (byte)Encryption | (byte)Structure), BlockNumber, Data.Memory, ne: CommandApdu.MaxShortNe);

    /// <exception cref="GpFormatException">Wrong header or RFU bits in P1.</exception>
    public static StoreDataCommand Parse(CommandApdu apdu)
    {
        GpEncoding.CheckHeader(apdu, Ins, "STORE DATA");
        var encryption = (StoreDataEncryption)(apdu.P1 & 0x60);
        var structure = (StoreDataStructure)(apdu.P1 & 0x18);
        if (!Enum.IsDefined(encryption) || !Enum.IsDefined(structure) || (apdu.P1 & 0x07) != 0)
            throw new GpFormatException($"STORE DATA P1 {apdu.P1:X2} uses RFU values.");
        if (apdu.Data.Length > CommandApdu.MaxShortNc)
            throw new GpFormatException("A STORE DATA block has at most 255 bytes.");
        return new StoreDataCommand(apdu.P2, (apdu.P1 & LastBlockBit) != 0, new ByteString(apdu.Data.Span), structure, encryption);
    }
}

/// <summary>
/// A Data Grouping Identifier element (GP 2.2.1 §11.1.12; GP Systems Scripting Language): a 2-byte tag, a length of
/// one byte below 255 or <c>FF</c> followed by two bytes, and the value.
/// </summary>
public sealed record Dgi(ushort Tag, ByteString Value)
{
    public ByteString Value { get; init; } = Value.Length <= 0xFFFF ? Value : throw new ArgumentOutOfRangeException(nameof(Value));

    public int EncodedLength => 2 + (Value.Length < 0xFF ? 1 : 3) + Value.Length;

    public byte[] ToArray()
    {
        var data = new List<byte>(EncodedLength) { (byte)(Tag >> 8), (byte)Tag };
        if (Value.Length < 0xFF)
            data.Add((byte)Value.Length);
        else
            data.AddRange([0xFF, (byte)(Value.Length >> 8), (byte)Value.Length]);
        data.AddRange(Value.Span);
        return [.. data];
    }

    /// <summary>Decodes a sequence of DGIs (card side, after reassembling STORE DATA blocks).</summary>
    /// <exception cref="GpFormatException">Truncated input.</exception>
    public static ValueList<Dgi> ParseAll(ReadOnlySpan<byte> data) =>
        GpFormatException.Guard("DGI data", data, static d =>
        {
            var result = new List<Dgi>();
            var r = new GpReader(d, "DGI data");
            while (!r.IsAtEnd)
            {
                var tag = (ushort)((r.ReadByte() << 8) | r.ReadByte());
                int length = r.ReadByte();
                if (length == 0xFF)
                    length = (r.ReadByte() << 8) | r.ReadByte();
                result.Add(new Dgi(tag, new ByteString(r.Read(length))));
            }
            return new ValueList<Dgi>(result);
        });
}

/// <summary>
/// Cuts personalization data into STORE DATA blocks (GP 2.2.1 §11.11). Whole DGIs or TLVs are packed into a block
/// while they fit; one larger than a block is split across blocks, as the card reassembles by concatenation.
/// </summary>
public static class StoreDataBuilder
{
    public const int DefaultMaxBlockSize = 239;
    public const int MaxBlocks = 256;

    public static IReadOnlyList<StoreDataCommand> ForDgis(IEnumerable<Dgi> dgis, int maxBlockSize = DefaultMaxBlockSize, StoreDataEncryption encryption = StoreDataEncryption.None)
    {
        ArgumentNullException.ThrowIfNull(dgis);
        return Split(dgis.Select(d => d.ToArray()), StoreDataStructure.Dgi, encryption, maxBlockSize);
    }

    public static IReadOnlyList<StoreDataCommand> ForTlvs(IEnumerable<BerTlv> tlvs, int maxBlockSize = DefaultMaxBlockSize, StoreDataEncryption encryption = StoreDataEncryption.None)
    {
        ArgumentNullException.ThrowIfNull(tlvs);
        return Split(tlvs.Select(t => t.ToArray()), StoreDataStructure.BerTlv, encryption, maxBlockSize);
    }

    /// <summary>Packs encoded items into numbered blocks; the last block is flagged.</summary>
    /// <exception cref="ArgumentException">No data, a bad block size, or more than 256 blocks.</exception>
    public static IReadOnlyList<StoreDataCommand> Split(IEnumerable<byte[]> items, StoreDataStructure structure, StoreDataEncryption encryption, int maxBlockSize = DefaultMaxBlockSize)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBlockSize, CommandApdu.MaxShortNc);
        var blocks = new List<byte[]>();
        var current = new List<byte>();
        foreach (var item in items)
        {
            if (current.Count > 0 && current.Count + item.Length > maxBlockSize)
            {
                blocks.Add([.. current]);
                current.Clear();
            }
            var rest = item.AsSpan();
            while (current.Count + rest.Length > maxBlockSize)
            {
                var take = maxBlockSize - current.Count;
                current.AddRange(rest[..take]);
                blocks.Add([.. current]);
                current.Clear();
                rest = rest[take..];
            }
            current.AddRange(rest);
        }
        if (current.Count > 0)
            blocks.Add([.. current]);
        if (blocks.Count == 0)
            throw new ArgumentException("There is no data to store.", nameof(items));
        if (blocks.Count > MaxBlocks)
            throw new ArgumentException($"The data needs {blocks.Count} blocks; STORE DATA numbers at most {MaxBlocks}.", nameof(items));
        return [.. blocks.Select((b, i) => new StoreDataCommand((byte)i, i == blocks.Count - 1, b, structure, encryption))];
    }

    /// <summary>Card side: concatenates blocks after checking their numbering and last flag.</summary>
    /// <exception cref="GpFormatException">Out-of-sequence blocks or a missing last block.</exception>
    public static byte[] Reassemble(IEnumerable<StoreDataCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var data = new List<byte>();
        var expected = 0;
        var sawLast = false;
        foreach (var command in commands)
        {
            if (sawLast)
                throw new GpFormatException("A STORE DATA block follows the last block.");
            if (command.BlockNumber != expected)
                throw new GpFormatException($"STORE DATA block {command.BlockNumber:X2} received, expected {expected:X2}.");
            data.AddRange(command.Data.Span);
            sawLast = command.IsLastBlock;
            expected++;
        }
        if (!sawLast)
            throw new GpFormatException("The STORE DATA sequence has no last block.");
        return [.. data];
    }
}
