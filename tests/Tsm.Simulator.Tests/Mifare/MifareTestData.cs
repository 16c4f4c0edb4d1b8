using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;
using Tsm.Simulator.Mifare;

namespace Tsm.Simulator.Tests.Mifare;

/// <summary>Keys, AIDs and APDU builders shared by the MIFARE tests.</summary>
internal static class MifareTestData
{
    public static readonly byte[] KeyA = Hex.Parse("A0A1A2A3A4A5");
    public static readonly byte[] KeyB = Hex.Parse("B0B1B2B3B4B5");
    public static readonly byte[] TransportKey = Hex.Parse("FFFFFFFFFFFF");
    public static readonly Aid Isd = Aid.Parse("A000000151000000");
    public static readonly Aid AppId = Aid.Parse("F0000000010001");

    public static MifareCardManager NewManager(MifareCardType type = MifareCardType.Classic1K) => new(type, Isd);

    public static byte[] KeyOf(MifareKeyType type) => type == MifareKeyType.A ? KeyA : KeyB;

    public static BerTlv Config(AccessBits bits, byte[]? keyA = null, byte[]? keyB = null) =>
        BerTlv.Constructed(
            MifareTags.SectorConfig,
            BerTlv.Primitive(MifareTags.KeyA, keyA ?? KeyA),
            BerTlv.Primitive(MifareTags.AccessBits, bits.ToArray()),
            BerTlv.Primitive(MifareTags.KeyB, keyB ?? KeyB));

    public static CommandApdu Command(byte ins, byte p1, byte p2, params BerTlv[] fields)
    {
        var data = fields.SelectMany(f => f.ToArray()).ToArray();
        return new CommandApdu(0x80, ins, p1, p2, data, data.Length == 0 ? 256 : null);
    }

    public static BerTlv Id(Aid? id = null) => BerTlv.Primitive(MifareTags.ApplicationId, (id ?? AppId).Span);

    public static CommandApdu Create(int sectorCount, AccessBits bits, Aid? id = null) =>
        Command(MifareInstruction.CreateApplication, 0, 0, Id(id), BerTlv.Primitive(MifareTags.SectorCount, [(byte)sectorCount]), Config(bits));

    public static CommandApdu Read(int sectorIndex, int block, MifareKeyType keyType, byte[]? key = null, Aid? id = null) =>
        Command(MifareInstruction.ReadBlock, (byte)sectorIndex, (byte)block, [Id(id), .. KeyTlvs(keyType, key)]);

    public static CommandApdu Write(int sectorIndex, int block, MifareKeyType keyType, byte[] data, byte[]? key = null, Aid? id = null) =>
        Command(MifareInstruction.WriteBlock, (byte)sectorIndex, (byte)block, [Id(id), .. KeyTlvs(keyType, key), BerTlv.Primitive(MifareTags.BlockData, data)]);

    public static CommandApdu Value(byte ins, int sectorIndex, int block, MifareKeyType keyType, int operand, byte[]? key = null) =>
        Command(ins, (byte)sectorIndex, (byte)block, [Id(), .. KeyTlvs(keyType, key),
            BerTlv.Primitive(MifareTags.Value, [(byte)(operand >> 24), (byte)(operand >> 16), (byte)(operand >> 8), (byte)operand])]);

    public static CommandApdu Delete(Aid? id = null) => Command(MifareInstruction.DeleteApplication, 0, 0, Id(id));

    public static ushort Sw(this ResponseApdu response) => response.StatusWord.Value;

    private static BerTlv[] KeyTlvs(MifareKeyType keyType, byte[]? key) =>
        [BerTlv.Primitive(MifareTags.KeyType, [(byte)keyType]), BerTlv.Primitive(MifareTags.Key, key ?? KeyOf(keyType))];
}
