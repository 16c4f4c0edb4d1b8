using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.GlobalPlatform;

/// <summary>A DAP block <c>E2</c> { <c>4F</c> security domain AID, <c>C3</c> signature } (GP 2.2.1 §11.6.2.3, Table 11-60).</summary>
public sealed record DapBlock(Aid SecurityDomainAid, ByteString Signature)
{
    public const uint Tag = 0xE2;
    public const uint AidTag = 0x4F;
    public const uint SignatureTag = 0xC3;

    public Aid SecurityDomainAid { get; init; } = SecurityDomainAid ?? throw new ArgumentNullException(nameof(SecurityDomainAid));
}

/// <summary>
/// A load file as sent in LOAD commands (GP 2.2.1 §11.6.2.3, Table 11-60): zero or more <see cref="DapBlock"/>s,
/// then the load file data block under <c>C4</c>, or <c>D4</c> when ciphered (GP 2.2.1 Amendment for the
/// Ciphered Load File Data Block privilege), with BER lengths.
/// </summary>
public sealed record LoadFile(ValueList<DapBlock> DapBlocks, ByteString DataBlock, bool IsCiphered = false)
{
    public const uint DataBlockTag = 0xC4;
    public const uint CipheredDataBlockTag = 0xD4;

    public LoadFile(ByteString dataBlock)
        : this(ValueList<DapBlock>.Empty, dataBlock)
    {
    }

    public ValueList<DapBlock> DapBlocks { get; init; } = DapBlocks ?? ValueList<DapBlock>.Empty;

    public byte[] ToArray()
    {
        var result = new List<byte>();
        foreach (var dap in DapBlocks)
        {
            var inner = new List<byte>();
            GpEncoding.WriteTlv(inner, DapBlock.AidTag, dap.SecurityDomainAid.Span);
            GpEncoding.WriteTlv(inner, DapBlock.SignatureTag, dap.Signature.Span);
            GpEncoding.WriteTlv(result, DapBlock.Tag, inner.ToArray());
        }
        // The data block may exceed 64 KiB, so its length uses the BER writer (up to 84 xx xx xx xx).
        var tag = IsCiphered ? CipheredDataBlockTag : DataBlockTag;
        var header = new byte[1 + BerTlvWriter.LengthFieldSize(DataBlock.Length)];
        header[0] = (byte)tag;
        BerTlvWriter.WriteLength(header.AsSpan(1), DataBlock.Length);
        result.AddRange(header);
        result.AddRange(DataBlock.Span);
        return [.. result];
    }
}

/// <summary>
/// Builds a load file and cuts it into LOAD commands (GP 2.2.1 §11.6). The default block size of 239 leaves room
/// for an 8-byte C-MAC and padding under SCP02 within a 255-byte short APDU.
/// </summary>
public static class LoadFileBuilder
{
    public const int DefaultMaxBlockSize = 239;

    /// <summary>At most 256 blocks: P2 numbers them 00 to FF.</summary>
    public const int MaxBlocks = 256;

    /// <summary>The encoded load file for a load file data block (e.g. the CAP file's components) and DAP blocks.</summary>
    public static byte[] Build(ReadOnlySpan<byte> loadFileDataBlock, IEnumerable<DapBlock>? dapBlocks = null, bool ciphered = false) =>
        new LoadFile(new ValueList<DapBlock>(dapBlocks ?? []), new ByteString(loadFileDataBlock), ciphered).ToArray();

    /// <summary>Cuts an encoded load file into LOAD commands numbered from 00, the last one flagged.</summary>
    /// <exception cref="ArgumentException">Empty input, a bad block size, or more than 256 blocks.</exception>
    public static IReadOnlyList<LoadCommand> Split(ReadOnlySpan<byte> loadFile, int maxBlockSize = DefaultMaxBlockSize)
    {
        if (loadFile.IsEmpty)
            throw new ArgumentException("The load file is empty.", nameof(loadFile));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBlockSize, CommandApdu.MaxShortNc);
        var count = (loadFile.Length + maxBlockSize - 1) / maxBlockSize;
        if (count > MaxBlocks)
            throw new ArgumentException($"The load file needs {count} blocks of {maxBlockSize} bytes; LOAD numbers at most {MaxBlocks}.", nameof(loadFile));
        var commands = new List<LoadCommand>(count);
        for (var i = 0; i < count; i++)
        {
            var block = loadFile.Slice(i * maxBlockSize, Math.Min(maxBlockSize, loadFile.Length - (i * maxBlockSize)));
            commands.Add(new LoadCommand((byte)i, i == count - 1, new ByteString(block)));
        }
        return commands;
    }

    /// <summary>Build and split in one step.</summary>
    public static IReadOnlyList<LoadCommand> BuildCommands(ReadOnlySpan<byte> loadFileDataBlock, IEnumerable<DapBlock>? dapBlocks = null, int maxBlockSize = DefaultMaxBlockSize, bool ciphered = false) =>
        Split(Build(loadFileDataBlock, dapBlocks, ciphered), maxBlockSize);
}

/// <summary>
/// Card side of LOAD (GP 2.2.1 §11.6.2.3): checks the block sequence and decodes the concatenated blocks into
/// DAP blocks and the <c>C4</c>/<c>D4</c> load file data block.
/// </summary>
public static class LoadFileParser
{
    /// <summary>Reassembles LOAD commands: block numbers must run 00, 01, … and only the last may be flagged last.</summary>
    /// <exception cref="GpFormatException">Out-of-sequence blocks, a missing last block, or a malformed load file.</exception>
    public static LoadFile Parse(IEnumerable<LoadCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var buffer = new List<byte>();
        var expected = 0;
        var sawLast = false;
        foreach (var command in commands)
        {
            if (sawLast)
                throw new GpFormatException("A LOAD block follows the last block.");
            if (command.BlockNumber != expected)
                throw new GpFormatException($"LOAD block {command.BlockNumber:X2} received, expected {expected:X2}.");
            buffer.AddRange(command.Block.Span);
            sawLast = command.IsLastBlock;
            expected++;
        }
        if (!sawLast)
            throw new GpFormatException("The LOAD sequence has no last block.");
        return Parse(buffer.ToArray());
    }

    /// <summary>Decodes a whole load file: E2* then exactly one C4 or D4, nothing after it.</summary>
    /// <exception cref="GpFormatException">Malformed structure.</exception>
    public static LoadFile Parse(ReadOnlySpan<byte> loadFile) =>
        GpFormatException.Guard("load file", loadFile, static data =>
        {
            var daps = new List<DapBlock>();
            var reader = new BerTlvReader(data);
            while (reader.TryRead(out var header, out var value))
            {
                if (header.IsIndefinite)
                    throw new GpFormatException("Load file elements need definite lengths.");
                switch (header.Tag.Value)
                {
                    case DapBlock.Tag:
                        daps.Add(ParseDap(value));
                        break;
                    case LoadFile.DataBlockTag or LoadFile.CipheredDataBlockTag:
                        if (reader.Remaining != 0)
                            throw new GpFormatException($"{reader.Remaining} bytes follow the load file data block.");
                        return new LoadFile(new ValueList<DapBlock>(daps), new ByteString(value), header.Tag.Value == LoadFile.CipheredDataBlockTag);
                    default:
                        throw new GpFormatException($"Unexpected tag {header.Tag} in a load file.");
                }
            }
            throw new GpFormatException("The load file has no C4 or D4 data block.");
        });

    private static DapBlock ParseDap(ReadOnlySpan<byte> value)
    {
        Aid? aid = null;
        ByteString? signature = null;
        var reader = new BerTlvReader(value);
        while (reader.TryRead(out var header, out var inner))
        {
            if (header.Tag.Value == DapBlock.AidTag && aid is null)
                aid = inner.Length is >= Aid.MinLength and <= Aid.MaxLength ? Aid.FromBytes(inner) : throw new GpFormatException($"DAP block AID has {inner.Length} bytes.");
            else if (header.Tag.Value == DapBlock.SignatureTag && signature is null)
                signature = new ByteString(inner);
            else
                throw new GpFormatException($"Unexpected tag {header.Tag} in a DAP block.");
        }
        if (aid is null || signature is null)
            throw new GpFormatException("A DAP block needs 4F and C3.");
        return new DapBlock(aid, signature.Value);
    }
}
