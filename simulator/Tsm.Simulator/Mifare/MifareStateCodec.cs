using System.Buffers.Binary;
using Tsm.Protocol.Apdu;

namespace Tsm.Simulator.Mifare;

/// <summary>
/// The persisted form of a Mifare Card Manager (our own format, version 1), big-endian:
/// "MFCM" ‖ version ‖ card type ‖ sequence (4) ‖ owner AID (len ‖ bytes) ‖ memory image (1024 or 4096) ‖
/// application count ‖ per application: id (len ‖ bytes), owner (len ‖ bytes), sectors (count ‖ bytes),
/// sequence (4), created (8, Unix ms). Holds keys: store it like the rest of the card's secrets.
/// </summary>
internal static class MifareStateCodec
{
    private const byte Version = 1;
    private static ReadOnlySpan<byte> Magic => "MFCM"u8;

    public static byte[] Encode(MifareClassicMemory memory, Aid owner, IReadOnlyList<MifareApplication> applications, uint sequence)
    {
        var output = new List<byte>(memory.Image.Length + 64);
        output.AddRange(Magic);
        output.Add(Version);
        output.Add((byte)memory.CardType);
        AddUInt32(output, sequence);
        AddBytes(output, owner.Span);
        output.AddRange(memory.Image);
        output.Add((byte)applications.Count);
        Span<byte> created = stackalloc byte[8];
        foreach (var application in applications)
        {
            AddBytes(output, application.Id.Span);
            AddBytes(output, application.Owner.Span);
            AddBytes(output, application.Sectors.Select(s => (byte)s).ToArray());
            AddUInt32(output, application.Sequence);
            BinaryPrimitives.WriteInt64BigEndian(created, application.CreatedAt.ToUnixTimeMilliseconds());
            output.AddRange(created);
        }
        return output.ToArray();
    }

    public static bool TryDecode(ReadOnlySpan<byte> state, out MifareClassicMemory? memory, out Aid? owner, out List<MifareApplication>? applications, out uint sequence)
    {
        memory = null;
        owner = null;
        applications = null;
        sequence = 0;
        var reader = new Reader(state);
        if (!reader.TryTake(4, out var magic) || !magic.SequenceEqual(Magic)
            || !reader.TryTake(1, out var version) || version[0] != Version
            || !reader.TryTake(1, out var type)
            || !reader.TryTake(4, out var sequenceField)
            || !reader.TryTakeAid(out owner))
            return false;
        sequence = BinaryPrimitives.ReadUInt32BigEndian(sequenceField);
        var cardType = (MifareCardType)type[0];
        if (cardType is not (MifareCardType.Classic1K or MifareCardType.Classic4K)
            || !reader.TryTake(MifareClassicMemory.SizeOf(cardType), out var image)
            || !reader.TryTake(1, out var count))
            return false;
        memory = MifareClassicMemory.FromImage(cardType, image);
        applications = [];
        for (var i = 0; i < count[0]; i++)
        {
            if (!reader.TryTakeAid(out var id) || !reader.TryTakeAid(out var appOwner)
                || !reader.TryTake(1, out var sectorCount) || !reader.TryTake(sectorCount[0], out var sectors)
                || !reader.TryTake(4, out var appSequence) || !reader.TryTake(8, out var created))
                return false;
            var millis = BinaryPrimitives.ReadInt64BigEndian(created);
            if (sectors.IsEmpty || millis < 0 || millis > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
                return false;
            var sectorList = new int[sectors.Length];
            for (var s = 0; s < sectors.Length; s++)
                sectorList[s] = sectors[s];
            applications.Add(new MifareApplication(id!, appOwner!, sectorList, BinaryPrimitives.ReadUInt32BigEndian(appSequence), DateTimeOffset.FromUnixTimeMilliseconds(millis)));
        }
        return memory is not null && reader.IsAtEnd;
    }

    private static void AddUInt32(List<byte> output, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        output.AddRange(bytes);
    }

    private static void AddBytes(List<byte> output, ReadOnlySpan<byte> bytes)
    {
        output.Add((byte)bytes.Length);
        output.AddRange(bytes);
    }

    private ref struct Reader(ReadOnlySpan<byte> buffer)
    {
        private ReadOnlySpan<byte> _rest = buffer;

        public readonly bool IsAtEnd => _rest.IsEmpty;

        public bool TryTake(int count, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            if (count > _rest.Length)
                return false;
            bytes = _rest[..count];
            _rest = _rest[count..];
            return true;
        }

        public bool TryTakeAid(out Aid? aid)
        {
            aid = null;
            if (!TryTake(1, out var length) || length[0] is < Aid.MinLength or > Aid.MaxLength || !TryTake(length[0], out var bytes))
                return false;
            aid = Aid.FromBytes(bytes);
            return true;
        }
    }
}
