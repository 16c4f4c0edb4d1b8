namespace Tsm.Simulator.Mifare;

/// <summary>
/// The emulated MIFARE Classic product (NXP MF1S50 = 1K, MF1S70 = 4K; layout per docs/mifare.md "Access rules enforced"). The numeric value is
/// the kibibyte count, which is also what GET MEMORY INFO reports.
/// </summary>
public enum MifareCardType : byte
{
    /// <summary>16 sectors of 4 blocks.</summary>
    Classic1K = 1,

    /// <summary>32 sectors of 4 blocks, then 8 sectors of 16 blocks.</summary>
    Classic4K = 4,
}
