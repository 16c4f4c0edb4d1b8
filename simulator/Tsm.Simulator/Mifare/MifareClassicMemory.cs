using System.Security.Cryptography;

namespace Tsm.Simulator.Mifare;

/// <summary>
/// The EEPROM of an emulated MIFARE Classic 1K or 4K (NXP MF1S50/MF1S70 datasheet §8.6–8.7 via docs/mifare.md "Access rules enforced") with the
/// access rules a reader is subject to. 1K: 16 sectors × 4 blocks; 4K: 32 × 4 blocks, then 8 × 16 blocks; 16-byte blocks.
/// The last block of each sector is its trailer: key A (0–5), access bits (6–8), general-purpose byte (9), key B (10–15).
/// In a 16-block sector the access groups 0, 1, 2 cover blocks 0–4, 5–9 and 10–14. Block 0 (UID, BCC, SAK, ATQA and
/// manufacturer data) is read-only. Keyed operations take the key type the caller authenticated with; checking the key
/// itself is <see cref="Authenticate"/>'s job.
/// </summary>
public sealed class MifareClassicMemory
{
    public const int BlockSize = 16;
    public const int KeySize = 6;

    /// <summary>Transport general-purpose byte (trailer byte 9) seen on blank cards.</summary>
    public const byte TransportGeneralPurposeByte = 0x69;

    private static readonly byte[] DefaultUid = [0x4D, 0x46, 0x34, 0x4D];
    private static readonly byte[] TransportKey = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    private readonly byte[] _data;

    /// <summary>A card in transport state: every trailer <c>FFFFFFFFFFFF FF0780 69 FFFFFFFFFFFF</c>, data blocks zero.</summary>
    /// <param name="cardType">1K or 4K.</param>
    /// <param name="uid">The 4-byte UID (NUID) for block 0; a fixed default when empty.</param>
    public MifareClassicMemory(MifareCardType cardType, ReadOnlySpan<byte> uid = default)
    {
        if (cardType is not (MifareCardType.Classic1K or MifareCardType.Classic4K))
            throw new ArgumentOutOfRangeException(nameof(cardType));
        if (!uid.IsEmpty && uid.Length != 4)
            throw new ArgumentException("The UID has 4 bytes.", nameof(uid));
        CardType = cardType;
        _data = new byte[SizeOf(cardType)];
        WriteManufacturerBlock(uid.IsEmpty ? DefaultUid : uid);
        for (var sector = 0; sector < SectorCount; sector++)
            ResetSector(sector);
    }

    private MifareClassicMemory(MifareCardType cardType, byte[] image)
    {
        CardType = cardType;
        _data = image;
    }

    public MifareCardType CardType { get; }

    public int SectorCount => CardType == MifareCardType.Classic1K ? 16 : 40;

    public int BlockCount => _data.Length / BlockSize;

    /// <summary>The 4-byte UID from block 0.</summary>
    public ReadOnlySpan<byte> Uid => _data.AsSpan(0, 4);

    /// <summary>The whole memory as stored (trailers with their real keys): for persistence only.</summary>
    internal ReadOnlySpan<byte> Image => _data;

    /// <summary>Bytes of memory of a card type: 1024 or 4096.</summary>
    public static int SizeOf(MifareCardType cardType) => cardType == MifareCardType.Classic4K ? 4096 : 1024;

    /// <summary>Rebuilds a memory from <see cref="Image"/>; null when the length does not fit the card type.</summary>
    internal static MifareClassicMemory? FromImage(MifareCardType cardType, ReadOnlySpan<byte> image)
    {
        if (cardType is not (MifareCardType.Classic1K or MifareCardType.Classic4K) || image.Length != SizeOf(cardType))
            return null;
        return new MifareClassicMemory(cardType, image.ToArray());
    }

    public static int BlocksInSector(int sector) => sector < 32 ? 4 : 16;

    public bool IsValidSector(int sector) => sector >= 0 && sector < SectorCount;

    public bool IsValidBlock(int block) => block >= 0 && block < BlockCount;

    public static int FirstBlockOf(int sector) => sector < 32 ? sector * 4 : 128 + ((sector - 32) * 16);

    public static int TrailerBlockOf(int sector) => FirstBlockOf(sector) + BlocksInSector(sector) - 1;

    public static int SectorOf(int block) => block < 128 ? block / 4 : 32 + ((block - 128) / 16);

    public static bool IsTrailer(int block) => TrailerBlockOf(SectorOf(block)) == block;

    /// <summary>The access group (0–2, trailer 3) of a block: its index in a 4-block sector, index / 5 in a 16-block one.</summary>
    public static int AccessGroupOf(int block)
    {
        var sector = SectorOf(block);
        var index = block - FirstBlockOf(sector);
        return sector < 32 ? index : index / 5;
    }

    /// <summary>Decodes the sector's access bits; false when the inverted copies disagree (the sector is unusable).</summary>
    public bool TryGetAccessBits(int sector, out AccessBits bits)
    {
        bits = default;
        return IsValidSector(sector) && AccessBits.TryDecode(BlockSpan(TrailerBlockOf(sector)).Slice(6, 3), out bits);
    }

    /// <summary>Checks a key as the MIFARE three-pass authentication would, including the key-B footnote.</summary>
    public MifareStatus Authenticate(int sector, MifareKeyType keyType, ReadOnlySpan<byte> key)
    {
        if (!IsValidSector(sector))
            return MifareStatus.InvalidBlock;
        if (keyType is not (MifareKeyType.A or MifareKeyType.B))
            return MifareStatus.AuthenticationFailed;
        if (!TryGetAccessBits(sector, out var bits))
            return MifareStatus.SectorBlocked;
        var trailer = BlockSpan(TrailerBlockOf(sector));
        var stored = keyType == MifareKeyType.A ? trailer[..KeySize] : trailer[10..];
        if (key.Length != KeySize || !CryptographicOperations.FixedTimeEquals(stored, key))
            return MifareStatus.AuthenticationFailed;
        if (keyType == MifareKeyType.B && AccessRules.KeyBIsReadable(bits.Trailer))
            return MifareStatus.AccessDenied;
        return MifareStatus.Ok;
    }

    /// <summary>
    /// Reads a block as a reader authenticated with <paramref name="keyType"/> would see it: key A always as zeros,
    /// the access bytes 6–9 and key B as zeros where the trailer condition forbids reading them.
    /// </summary>
    public MifareStatus Read(int block, MifareKeyType keyType, Span<byte> destination)
    {
        if (!IsValidBlock(block) || destination.Length < BlockSize)
            return MifareStatus.InvalidBlock;
        if (!TryGetAccessBits(SectorOf(block), out var bits))
            return MifareStatus.SectorBlocked;
        var source = BlockSpan(block);
        if (IsTrailer(block))
        {
            if (!AccessRules.Allows(bits.Trailer, TrailerOperation.ReadAccessBits, keyType))
                return MifareStatus.AccessDenied;
            destination[..BlockSize].Clear();
            source.Slice(6, 4).CopyTo(destination[6..]);
            if (AccessRules.Allows(bits.Trailer, TrailerOperation.ReadKeyB, keyType))
                source[10..].CopyTo(destination[10..]);
            return MifareStatus.Ok;
        }
        if (!AccessRules.Allows(bits[AccessGroupOf(block)], DataBlockOperation.Read, keyType))
            return MifareStatus.AccessDenied;
        source.CopyTo(destination);
        return MifareStatus.Ok;
    }

    /// <summary>
    /// Writes a block. For a trailer, each part (key A, bytes 6–9, key B) is written only where the condition allows
    /// and otherwise keeps its old value; the write is refused when no part may be written, and when new access bits
    /// would be invalid (which would lock the sector for good).
    /// </summary>
    public MifareStatus Write(int block, MifareKeyType keyType, ReadOnlySpan<byte> data)
    {
        if (!IsValidBlock(block) || data.Length != BlockSize)
            return MifareStatus.InvalidBlock;
        if (block == 0)
            return MifareStatus.AccessDenied;
        if (!TryGetAccessBits(SectorOf(block), out var bits))
            return MifareStatus.SectorBlocked;
        var target = BlockSpan(block);
        if (!IsTrailer(block))
        {
            if (!AccessRules.Allows(bits[AccessGroupOf(block)], DataBlockOperation.Write, keyType))
                return MifareStatus.AccessDenied;
            data.CopyTo(target);
            return MifareStatus.Ok;
        }
        var writeKeyA = AccessRules.Allows(bits.Trailer, TrailerOperation.WriteKeyA, keyType);
        var writeAccess = AccessRules.Allows(bits.Trailer, TrailerOperation.WriteAccessBits, keyType);
        var writeKeyB = AccessRules.Allows(bits.Trailer, TrailerOperation.WriteKeyB, keyType);
        if (!writeKeyA && !writeAccess && !writeKeyB)
            return MifareStatus.AccessDenied;
        if (writeAccess && !AccessBits.TryDecode(data.Slice(6, 3), out _))
            return MifareStatus.InvalidAccessBits;
        if (writeKeyA)
            data[..KeySize].CopyTo(target);
        if (writeAccess)
            data.Slice(6, 4).CopyTo(target[6..]);
        if (writeKeyB)
            data[10..].CopyTo(target[10..]);
        return MifareStatus.Ok;
    }

    /// <summary>
    /// INCREMENT, DECREMENT or RESTORE (NXP MF1S50 §8.6.2.1): reads a well-formed value block and returns the value the
    /// card would hold in its transfer buffer. <paramref name="operand"/> is ignored for RESTORE.
    /// </summary>
    public MifareStatus LoadValue(int block, MifareKeyType keyType, ValueOperation operation, int operand, out int result, out byte address)
    {
        result = 0;
        address = 0;
        if (!IsValidBlock(block))
            return MifareStatus.InvalidBlock;
        if (!TryGetAccessBits(SectorOf(block), out var bits))
            return MifareStatus.SectorBlocked;
        if (block == 0 || IsTrailer(block))
            return MifareStatus.NotValueBlock;
        var right = operation == ValueOperation.Increment ? DataBlockOperation.Increment : DataBlockOperation.Decrement;
        if (!AccessRules.Allows(bits[AccessGroupOf(block)], right, keyType))
            return MifareStatus.AccessDenied;
        if (!ValueBlock.TryDecode(BlockSpan(block), out var value, out address))
            return MifareStatus.NotValueBlock;
        if (operand < 0)
            return MifareStatus.ValueOverflow;
        long next = operation switch
        {
            ValueOperation.Increment => (long)value + operand,
            ValueOperation.Decrement => (long)value - operand,
            _ => value,
        };
        if (next is < int.MinValue or > int.MaxValue)
            return MifareStatus.ValueOverflow;
        result = (int)next;
        return MifareStatus.Ok;
    }

    /// <summary>TRANSFER: writes a value from the transfer buffer as a value block; needs the decrement/transfer right.</summary>
    public MifareStatus StoreValue(int block, MifareKeyType keyType, int value, byte address)
    {
        if (!IsValidBlock(block))
            return MifareStatus.InvalidBlock;
        if (!TryGetAccessBits(SectorOf(block), out var bits))
            return MifareStatus.SectorBlocked;
        if (block == 0 || IsTrailer(block))
            return MifareStatus.NotValueBlock;
        if (!AccessRules.Allows(bits[AccessGroupOf(block)], DataBlockOperation.Decrement, keyType))
            return MifareStatus.AccessDenied;
        ValueBlock.Encode(value, address, BlockSpan(block));
        return MifareStatus.Ok;
    }

    /// <summary>Personalises a sector: data blocks zero, trailer from the given keys and access bits. Card manager only.</summary>
    internal void FormatSector(int sector, ReadOnlySpan<byte> keyA, AccessBits bits, byte generalPurpose, ReadOnlySpan<byte> keyB)
    {
        var first = FirstBlockOf(sector);
        var trailerBlock = TrailerBlockOf(sector);
        for (var block = first; block < trailerBlock; block++)
        {
            if (block != 0)
                BlockSpan(block).Clear();
        }
        var trailer = BlockSpan(trailerBlock);
        keyA.CopyTo(trailer);
        bits.Encode(trailer[6..]);
        trailer[9] = generalPurpose;
        keyB.CopyTo(trailer[10..]);
    }

    /// <summary>Back to transport state: data blocks (except block 0) zero, trailer <c>FF…FF FF0780 69 FF…FF</c>.</summary>
    internal void ResetSector(int sector) =>
        FormatSector(sector, TransportKey, AccessBits.Transport, TransportGeneralPurposeByte, TransportKey);

    /// <summary>Stores a block as is, bypassing every rule: for tests that need a prepared memory.</summary>
    internal void WriteRaw(int block, ReadOnlySpan<byte> data) => data.CopyTo(BlockSpan(block));

    /// <summary>The stored bytes of a block, trailer keys included: for the card manager and tests, never for a reader.</summary>
    internal ReadOnlySpan<byte> RawBlock(int block) => BlockSpan(block);

    private Span<byte> BlockSpan(int block) => _data.AsSpan(block * BlockSize, BlockSize);

    private void WriteManufacturerBlock(ReadOnlySpan<byte> uid)
    {
        var block = BlockSpan(0);
        uid.CopyTo(block);
        block[4] = (byte)(uid[0] ^ uid[1] ^ uid[2] ^ uid[3]); // BCC
        var is4K = CardType == MifareCardType.Classic4K;
        block[5] = is4K ? (byte)0x18 : (byte)0x08; // SAK
        block[6] = is4K ? (byte)0x02 : (byte)0x04; // ATQA, little-endian as stored by NXP
        block[7] = 0x00;
        "TSMSIM01"u8.CopyTo(block[8..]); // manufacturer data
    }
}
