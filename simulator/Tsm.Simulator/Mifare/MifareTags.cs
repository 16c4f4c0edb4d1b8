namespace Tsm.Simulator.Mifare;

/// <summary>BER-TLV tags of the Mifare Card Manager's command and response data (our own; see docs/mifare.md).</summary>
public static class MifareTags
{
    /// <summary>Application id, 5–16 bytes (ISO/IEC 7816-5 AID).</summary>
    public const uint ApplicationId = 0x4F;

    /// <summary>Number of sectors to allocate, 1 byte.</summary>
    public const uint SectorCount = 0x80;

    /// <summary>Explicit sector numbers, 1 byte each (command) / the allocated sectors (response).</summary>
    public const uint SectorList = 0x81;

    /// <summary>Key A, 6 bytes.</summary>
    public const uint KeyA = 0x82;

    /// <summary>Access bits, 3 bytes (trailer bytes 6–8).</summary>
    public const uint AccessBits = 0x83;

    /// <summary>Key B, 6 bytes.</summary>
    public const uint KeyB = 0x84;

    /// <summary>General-purpose byte (trailer byte 9), 1 byte; optional, default 00.</summary>
    public const uint GeneralPurposeByte = 0x85;

    /// <summary>Key type, 1 byte: 60 = key A, 61 = key B.</summary>
    public const uint KeyType = 0x86;

    /// <summary>Key value, 6 bytes.</summary>
    public const uint Key = 0x87;

    /// <summary>Block data, 16 bytes.</summary>
    public const uint BlockData = 0x89;

    /// <summary>Value operand, 4 bytes big-endian, 0 to 2^31−1 (command); new value, signed (response).</summary>
    public const uint Value = 0x8A;

    /// <summary>Owner security domain AID, 5–16 bytes.</summary>
    public const uint OwnerAid = 0x8B;

    /// <summary>Creation sequence number, 4 bytes big-endian.</summary>
    public const uint Sequence = 0x8C;

    /// <summary>Creation time, 8 bytes big-endian Unix milliseconds.</summary>
    public const uint CreatedAt = 0x8D;

    /// <summary>Card type, 1 byte: 01 = 1K, 04 = 4K.</summary>
    public const uint CardType = 0x8E;

    /// <summary>Number of sectors on the card, 1 byte.</summary>
    public const uint TotalSectors = 0x8F;

    /// <summary>Number of free sectors, 1 byte.</summary>
    public const uint FreeSectorCount = 0x90;

    /// <summary>Free sector numbers, 1 byte each.</summary>
    public const uint FreeSectors = 0x91;

    /// <summary>UID, 4 bytes.</summary>
    public const uint Uid = 0x92;

    /// <summary>Number of installed applications, 1 byte.</summary>
    public const uint ApplicationCount = 0x93;

    /// <summary>Sector configuration template (key A, access bits, GP byte, key B).</summary>
    public const uint SectorConfig = 0xA0;

    /// <summary>Application entry template in LIST APPLICATIONS.</summary>
    public const uint ApplicationEntry = 0xE1;
}
