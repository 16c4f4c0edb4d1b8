namespace Tsm.Simulator.Mifare;

/// <summary>What a reader may do with a data block (NXP MF1S50 §8.7.2 via docs/mifare.md "Access rules enforced").</summary>
public enum DataBlockOperation
{
    Read,
    Write,
    Increment,

    /// <summary>Decrement, and with it TRANSFER and RESTORE, which the datasheet puts in the same column.</summary>
    Decrement,
}

/// <summary>What a reader may do with the parts of a sector trailer (NXP MF1S50 §8.7.1 via docs/mifare.md "Access rules enforced").</summary>
public enum TrailerOperation
{
    WriteKeyA,

    /// <summary>Read bytes 6–9 (access bits and the general-purpose byte).</summary>
    ReadAccessBits,

    /// <summary>Write bytes 6–9.</summary>
    WriteAccessBits,
    ReadKeyB,
    WriteKeyB,
}

/// <summary>
/// The access condition tables of MIFARE Classic (NXP MF1S50/MF1S70 datasheet §8.7 via docs/mifare.md "Access rules enforced"), indexed by the
/// condition number C1C2C3. Key A is never readable. Footnote: where the trailer lets key B be read (conditions 000, 010
/// and 001), key B is plain data and cannot be used to authenticate (<see cref="KeyBIsReadable"/>).
/// </summary>
public static class AccessRules
{
    private const byte Never = 0;
    private const byte KeyA = 1;
    private const byte KeyB = 2;
    private const byte KeyAB = KeyA | KeyB;

    // Columns: read, write, increment, decrement/transfer/restore. Rows: C1C2C3 = 000 … 111.
    private static readonly byte[,] DataTable =
    {
        { KeyAB, KeyAB, KeyAB, KeyAB }, // 000 transport
        { KeyAB, Never, Never, KeyAB }, // 001 value block, decrement only
        { KeyAB, Never, Never, Never }, // 010 read only
        { KeyB, KeyB, Never, Never }, // 011
        { KeyAB, KeyB, Never, Never }, // 100
        { KeyB, Never, Never, Never }, // 101
        { KeyAB, KeyB, KeyB, KeyAB }, // 110 value block, recharge with B
        { Never, Never, Never, Never }, // 111
    };

    // Columns: write key A, read access bits, write access bits, read key B, write key B.
    private static readonly byte[,] TrailerTable =
    {
        { KeyA, KeyA, Never, KeyA, KeyA }, // 000
        { KeyA, KeyA, KeyA, KeyA, KeyA }, // 001 transport
        { Never, KeyA, Never, KeyA, Never }, // 010
        { KeyB, KeyAB, KeyB, Never, KeyB }, // 011
        { KeyB, KeyAB, Never, Never, KeyB }, // 100
        { Never, KeyAB, KeyB, Never, Never }, // 101
        { Never, KeyAB, Never, Never, Never }, // 110
        { Never, KeyAB, Never, Never, Never }, // 111
    };

    /// <summary>Whether <paramref name="key"/> may perform <paramref name="operation"/> on a data block with <paramref name="condition"/>.</summary>
    public static bool Allows(byte condition, DataBlockOperation operation, MifareKeyType key) =>
        condition <= 7 && (DataTable[condition, (int)operation] & Mask(key)) != 0;

    /// <summary>Whether <paramref name="key"/> may perform <paramref name="operation"/> on a trailer with <paramref name="condition"/>.</summary>
    public static bool Allows(byte condition, TrailerOperation operation, MifareKeyType key) =>
        condition <= 7 && (TrailerTable[condition, (int)operation] & Mask(key)) != 0;

    /// <summary>
    /// True for trailer conditions 000, 010 and 001, where key B can be read with key A. NXP's footnote: key B then cannot
    /// serve for authentication. The datasheet lets the authentication itself pass and refuses every later access; we
    /// refuse the authentication, which has the same effect on the memory.
    /// </summary>
    public static bool KeyBIsReadable(byte trailerCondition) => Allows(trailerCondition, TrailerOperation.ReadKeyB, MifareKeyType.A);

    private static byte Mask(MifareKeyType key) => key switch
    {
        MifareKeyType.A => KeyA,
        MifareKeyType.B => KeyB,
        _ => Never,
    };
}
