namespace Tsm.Protocol.GlobalPlatform;

/// <summary>
/// Card Production Life Cycle data (GET DATA <c>9F7F</c>, GP 2.2.1 §11.3 and the VISA GP 2.1.1 card implementation
/// requirements): 42 bytes of fixed fields. Dates are kept raw (YDDD BCD by convention).
/// </summary>
public sealed record Cplc(
    ushort IcFabricator,
    ushort IcType,
    ushort OperatingSystemId,
    ushort OperatingSystemReleaseDate,
    ushort OperatingSystemReleaseLevel,
    ushort IcFabricationDate,
    uint IcSerialNumber,
    ushort IcBatchIdentifier,
    ushort IcModuleFabricator,
    ushort IcModulePackagingDate,
    ushort IccManufacturer,
    ushort IcEmbeddingDate,
    ushort IcPrePersonalizer,
    ushort IcPrePersonalizationDate,
    uint IcPrePersonalizationEquipment,
    ushort IcPersonalizer,
    ushort IcPersonalizationDate,
    uint IcPersonalizationEquipment)
{
    public const uint Tag = 0x9F7F;
    public const int Length = 42;

    // Field sizes in order: 6 × 2 + 4 + 6 × 2 + 4 + 2 × 2 + 4 = 42.
    private static readonly int[] Sizes = [2, 2, 2, 2, 2, 2, 4, 2, 2, 2, 2, 2, 2, 2, 4, 2, 2, 4];

    public byte[] ToArray()
    {
        uint[] values =
        [
            IcFabricator, IcType, OperatingSystemId, OperatingSystemReleaseDate, OperatingSystemReleaseLevel, IcFabricationDate,
            IcSerialNumber, IcBatchIdentifier, IcModuleFabricator, IcModulePackagingDate, IccManufacturer, IcEmbeddingDate,
            IcPrePersonalizer, IcPrePersonalizationDate, IcPrePersonalizationEquipment, IcPersonalizer, IcPersonalizationDate,
            IcPersonalizationEquipment,
        ];
        var data = new List<byte>(Length);
        for (var i = 0; i < Sizes.Length; i++)
            data.AddRange(GpEncoding.Unsigned(values[i], Sizes[i]));
        return [.. data];
    }

    /// <summary>The <c>9F7F 2A …</c> response a card sends.</summary>
    public byte[] ToTlv() => DataObject.Wrap(Tag, ToArray());

    /// <summary>Decodes 42 bytes, with or without the <c>9F7F 2A</c> header.</summary>
    /// <exception cref="GpFormatException">Not 42 bytes.</exception>
    public static Cplc Parse(ReadOnlySpan<byte> data) =>
        GpFormatException.Guard("CPLC", data, static d =>
        {
            var value = d.Length == Length ? d.ToArray() : DataObject.Unwrap(d, Tag) ?? [];
            if (value.Length != Length)
                throw new GpFormatException($"CPLC has {value.Length} bytes, expected {Length}.");
            var f = new uint[Sizes.Length];
            var pos = 0;
            for (var i = 0; i < Sizes.Length; i++)
            {
                f[i] = (uint)GpEncoding.ReadUnsigned(value.AsSpan(pos, Sizes[i]), "CPLC field");
                pos += Sizes[i];
            }
            return new Cplc(
                (ushort)f[0], (ushort)f[1], (ushort)f[2], (ushort)f[3], (ushort)f[4], (ushort)f[5], f[6], (ushort)f[7], (ushort)f[8],
                (ushort)f[9], (ushort)f[10], (ushort)f[11], (ushort)f[12], (ushort)f[13], f[14], (ushort)f[15], (ushort)f[16], f[17]);
        });
}
