using System.Buffers;
using System.Buffers.Binary;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;

namespace Tsm.Simulator.Mifare;

/// <summary>
/// The Mifare Card Manager applet (AID <c>A0000003964D66344D0002</c>, requirement 5.8.10; command set our own,
/// see docs/mifare.md): owns an emulated MIFARE Classic 1K/4K memory and a directory of MIFARE applications, each a set
/// of sectors personalised for one service provider. The card runtime unwraps the SCP02 channel and calls
/// <see cref="Process"/> with plain commands; every command needs the owning security domain's secure channel
/// (at least C-MAC). Block access through the applet is subject to the sector's keys and access conditions exactly like
/// a reader's, which the contactless methods (<see cref="Authenticate"/>, <see cref="ReadBlock"/>, …) offer directly.
/// Sector 0 (and sector 16 on a 4K card) is kept for a MIFARE Application Directory and never allocated.
/// </summary>
public sealed class MifareCardManager
{
    private static readonly uint[] CreateTags = [MifareTags.ApplicationId, MifareTags.SectorCount, MifareTags.SectorList, MifareTags.OwnerAid, MifareTags.SectorConfig];
    private static readonly uint[] ConfigTags = [MifareTags.KeyA, MifareTags.AccessBits, MifareTags.KeyB, MifareTags.GeneralPurposeByte];
    private static readonly uint[] IdTags = [MifareTags.ApplicationId];
    private static readonly uint[] ReadTags = [MifareTags.ApplicationId, MifareTags.KeyType, MifareTags.Key];
    private static readonly uint[] WriteTags = [MifareTags.ApplicationId, MifareTags.KeyType, MifareTags.Key, MifareTags.BlockData];
    private static readonly uint[] ValueTags = [MifareTags.ApplicationId, MifareTags.KeyType, MifareTags.Key, MifareTags.Value];

    private readonly List<MifareApplication> _applications;
    private readonly TimeProvider _time;
    private uint _sequence;

    /// <summary>A card manager over a blank card in transport state with no applications.</summary>
    /// <param name="cardType">1K or 4K.</param>
    /// <param name="ownerSecurityDomain">The security domain the applet is associated with; the default owner of new applications.</param>
    /// <param name="uid">The 4-byte UID; a fixed default when empty.</param>
    /// <param name="timeProvider">Clock for creation times; <see cref="TimeProvider.System"/> when null.</param>
    public MifareCardManager(MifareCardType cardType, Aid ownerSecurityDomain, ReadOnlySpan<byte> uid = default, TimeProvider? timeProvider = null)
        : this(new MifareClassicMemory(cardType, uid), ownerSecurityDomain, [], 0, timeProvider)
    {
    }

    private MifareCardManager(MifareClassicMemory memory, Aid owner, List<MifareApplication> applications, uint sequence, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(owner);
        Memory = memory;
        OwnerSecurityDomain = owner;
        _applications = applications;
        _sequence = sequence;
        _time = timeProvider ?? TimeProvider.System;
        Contactless = new MifareContactlessSession(memory);
    }

    /// <summary>The applet's AID: NXP RID A000000396, "Mf4M", 0002.</summary>
    public static Aid ManagerAid { get; } = Aid.Parse("A0000003964D66344D0002");

    public Aid OwnerSecurityDomain { get; }

    public MifareClassicMemory Memory { get; }

    public MifareCardType CardType => Memory.CardType;

    /// <summary>The reader's side of the emulated card.</summary>
    public MifareContactlessSession Contactless { get; }

    /// <summary>Installed applications in creation order.</summary>
    public IReadOnlyList<MifareApplication> Applications => _applications;

    /// <summary>Sectors neither reserved nor allocated, ascending.</summary>
    public IReadOnlyList<int> FreeSectors =>
        Enumerable.Range(0, Memory.SectorCount).Where(s => !IsReserved(s) && !IsAllocated(s)).ToArray();

    /// <summary>Sector 0, and sector 16 on a 4K card: the MAD sectors, never given to applications.</summary>
    public bool IsReserved(int sector) => sector == 0 || (CardType == MifareCardType.Classic4K && sector == 16);

    public MifareApplication? FindApplication(Aid id) => _applications.Find(a => a.Id == id);

    /// <summary>Processes one plain (already unwrapped and verified) command. Never throws for bad input.</summary>
    /// <param name="plain">The command without secure messaging; CLA has been checked by the caller.</param>
    /// <param name="inOwnerSecureChannel">The command came inside an authenticated secure channel of the owning security domain, at least C-MAC.</param>
    public ResponseApdu Process(CommandApdu plain, bool inOwnerSecureChannel)
    {
        ArgumentNullException.ThrowIfNull(plain);
        if (!MifareInstruction.IsKnown(plain.Ins))
            return new ResponseApdu(StatusWords.InsNotSupported);
        if (!inOwnerSecureChannel)
            return new ResponseApdu(StatusWords.SecurityStatusNotSatisfied);
        return plain.Ins switch
        {
            MifareInstruction.CreateApplication => CreateApplication(plain),
            MifareInstruction.DeleteApplication => DeleteApplication(plain),
            MifareInstruction.ListApplications => ListApplications(plain),
            MifareInstruction.GetMemoryInfo => GetMemoryInfo(plain),
            _ => BlockCommand(plain),
        };
    }

    /// <summary>Contactless: authenticates to a sector (drops any previous authentication).</summary>
    public MifareStatus Authenticate(int sector, MifareKeyType keyType, ReadOnlySpan<byte> key) => Contactless.Authenticate(sector, keyType, key);

    /// <summary>Contactless: reads an absolute block of the authenticated sector.</summary>
    public MifareStatus ReadBlock(int block, Span<byte> destination) => Contactless.ReadBlock(block, destination);

    /// <summary>Contactless: writes an absolute block of the authenticated sector.</summary>
    public MifareStatus WriteBlock(int block, ReadOnlySpan<byte> data) => Contactless.WriteBlock(block, data);

    /// <summary>The persistent state (memory, directory, sequence counter); the contactless session is volatile and not kept.</summary>
    public byte[] Save() => MifareStateCodec.Encode(Memory, OwnerSecurityDomain, _applications, _sequence);

    /// <summary>Restores a card manager from <see cref="Save"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a saved state.</exception>
    public static MifareCardManager Load(ReadOnlySpan<byte> state, TimeProvider? timeProvider = null) =>
        TryLoad(state, out var manager, timeProvider) ? manager! : throw new FormatException("Not a saved Mifare Card Manager state.");

    public static bool TryLoad(ReadOnlySpan<byte> state, out MifareCardManager? manager, TimeProvider? timeProvider = null)
    {
        manager = null;
        if (!MifareStateCodec.TryDecode(state, out var memory, out var owner, out var applications, out var sequence))
            return false;
        var candidate = new MifareCardManager(memory!, owner!, applications!, sequence, timeProvider);
        var seen = new HashSet<int>();
        foreach (var application in applications!)
        {
            if (application.Sectors.Any(s => !memory!.IsValidSector(s) || candidate.IsReserved(s) || !seen.Add(s))
                || applications.Count(a => a.Id == application.Id) != 1)
                return false;
        }
        manager = candidate;
        return true;
    }

    private bool IsAllocated(int sector) => _applications.Exists(a => a.Sectors.Contains(sector));

    private ResponseApdu CreateApplication(CommandApdu command)
    {
        if (command.P1 != 0 || command.P2 != 0)
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        if (command.Data.IsEmpty)
            return new ResponseApdu(StatusWords.WrongLength);
        var fields = CommandFields.TryParse(command.Data, CreateTags);
        if (fields is null || !TryGetAid(fields, MifareTags.ApplicationId, out var id))
            return new ResponseApdu(StatusWords.IncorrectData);
        var owner = OwnerSecurityDomain;
        if (fields.Has(MifareTags.OwnerAid) && !TryGetAid(fields, MifareTags.OwnerAid, out owner))
            return new ResponseApdu(StatusWords.IncorrectData);
        if (fields.Has(MifareTags.SectorCount) == fields.Has(MifareTags.SectorList))
            return new ResponseApdu(StatusWords.IncorrectData);
        var configs = new List<SectorConfig>();
        foreach (var template in fields.Templates)
        {
            if (template.Tag.Value != MifareTags.SectorConfig || SectorConfig.TryParse(template) is not { } config)
                return new ResponseApdu(StatusWords.IncorrectData);
            configs.Add(config);
        }
        if (configs.Count == 0)
            return new ResponseApdu(StatusWords.IncorrectData);

        List<int> sectors;
        if (fields.TryGet(MifareTags.SectorCount, 1, out var countField))
        {
            var count = countField.Span[0];
            if (count == 0 || count > Memory.SectorCount)
                return new ResponseApdu(StatusWords.IncorrectData);
            if (configs.Count != 1 && configs.Count != count)
                return new ResponseApdu(StatusWords.IncorrectData);
            if (FindApplication(id) is not null)
                return new ResponseApdu(StatusWords.ConditionsNotSatisfied);
            var free = FreeSectors;
            if (free.Count < count)
                return new ResponseApdu(StatusWords.NotEnoughMemory);
            sectors = free.Take(count).ToList();
        }
        else if (fields.TryGet(MifareTags.SectorList, 1, Memory.SectorCount, out var listField))
        {
            sectors = [];
            foreach (var sector in listField.Span)
            {
                if (!Memory.IsValidSector(sector) || IsReserved(sector) || sectors.Contains(sector))
                    return new ResponseApdu(StatusWords.IncorrectData);
                sectors.Add(sector);
            }
            if (configs.Count != 1 && configs.Count != sectors.Count)
                return new ResponseApdu(StatusWords.IncorrectData);
            if (FindApplication(id) is not null || sectors.Exists(IsAllocated))
                return new ResponseApdu(StatusWords.ConditionsNotSatisfied);
        }
        else
        {
            return new ResponseApdu(StatusWords.IncorrectData);
        }

        for (var i = 0; i < sectors.Count; i++)
        {
            var config = configs[configs.Count == 1 ? 0 : i];
            Memory.FormatSector(sectors[i], config.KeyA.Span, config.Access, config.GeneralPurpose, config.KeyB.Span);
        }
        Contactless.Halt();
        _applications.Add(new MifareApplication(id, owner, sectors.ToArray(), ++_sequence, _time.GetUtcNow()));
        var response = new ArrayBufferWriter<byte>();
        BerTlvWriter.WritePrimitive(response, MifareTags.SectorList, sectors.Select(s => (byte)s).ToArray());
        return new ResponseApdu(response.WrittenMemory, StatusWords.Success);
    }

    private ResponseApdu DeleteApplication(CommandApdu command)
    {
        if (command.P1 != 0 || command.P2 != 0)
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        if (command.Data.IsEmpty)
            return new ResponseApdu(StatusWords.WrongLength);
        var fields = CommandFields.TryParse(command.Data, IdTags);
        if (fields is null || !TryGetAid(fields, MifareTags.ApplicationId, out var id))
            return new ResponseApdu(StatusWords.IncorrectData);
        if (FindApplication(id) is not { } application)
            return new ResponseApdu(StatusWords.FileNotFound);
        foreach (var sector in application.Sectors)
            Memory.ResetSector(sector);
        Contactless.Halt();
        _applications.Remove(application);
        return new ResponseApdu(StatusWords.Success);
    }

    private ResponseApdu ListApplications(CommandApdu command)
    {
        if (command.P1 != 0 || command.P2 != 0)
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        IEnumerable<MifareApplication> selected = _applications;
        if (!command.Data.IsEmpty)
        {
            var fields = CommandFields.TryParse(command.Data, IdTags);
            if (fields is null || !TryGetAid(fields, MifareTags.ApplicationId, out var id))
                return new ResponseApdu(StatusWords.IncorrectData);
            if (FindApplication(id) is not { } application)
                return new ResponseApdu(StatusWords.FileNotFound);
            selected = [application];
        }
        var response = new ArrayBufferWriter<byte>();
        foreach (var application in selected)
            BerTlvWriter.Write(response, Describe(application));
        return new ResponseApdu(response.WrittenMemory, StatusWords.Success);
    }

    private ResponseApdu GetMemoryInfo(CommandApdu command)
    {
        if (command.P1 != 0 || command.P2 != 0)
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        if (!command.Data.IsEmpty)
            return new ResponseApdu(StatusWords.WrongLength);
        var free = FreeSectors;
        var response = new ArrayBufferWriter<byte>();
        BerTlvWriter.WritePrimitive(response, MifareTags.CardType, [(byte)CardType]);
        BerTlvWriter.WritePrimitive(response, MifareTags.TotalSectors, [(byte)Memory.SectorCount]);
        BerTlvWriter.WritePrimitive(response, MifareTags.FreeSectorCount, [(byte)free.Count]);
        BerTlvWriter.WritePrimitive(response, MifareTags.FreeSectors, free.Select(s => (byte)s).ToArray());
        BerTlvWriter.WritePrimitive(response, MifareTags.ApplicationCount, [(byte)_applications.Count]);
        BerTlvWriter.WritePrimitive(response, MifareTags.Uid, Memory.Uid);
        return new ResponseApdu(response.WrittenMemory, StatusWords.Success);
    }

    /// <summary>READ BLOCK, WRITE BLOCK, INCREMENT, DECREMENT: P1 = sector index within the application, P2 = block within the sector.</summary>
    private ResponseApdu BlockCommand(CommandApdu command)
    {
        if (command.Data.IsEmpty)
            return new ResponseApdu(StatusWords.WrongLength);
        var allowed = command.Ins switch
        {
            MifareInstruction.ReadBlock => ReadTags,
            MifareInstruction.WriteBlock => WriteTags,
            _ => ValueTags,
        };
        var fields = CommandFields.TryParse(command.Data, allowed);
        if (fields is null
            || !TryGetAid(fields, MifareTags.ApplicationId, out var id)
            || !fields.TryGet(MifareTags.KeyType, 1, out var keyTypeField)
            || keyTypeField.Span[0] is not ((byte)MifareKeyType.A or (byte)MifareKeyType.B)
            || !fields.TryGet(MifareTags.Key, MifareClassicMemory.KeySize, out var key))
            return new ResponseApdu(StatusWords.IncorrectData);
        var keyType = (MifareKeyType)keyTypeField.Span[0];
        ReadOnlyMemory<byte> blockData = default;
        var operand = 0;
        if (command.Ins == MifareInstruction.WriteBlock && !fields.TryGet(MifareTags.BlockData, MifareClassicMemory.BlockSize, out blockData))
            return new ResponseApdu(StatusWords.IncorrectData);
        if (command.Ins is MifareInstruction.Increment or MifareInstruction.Decrement)
        {
            if (!fields.TryGet(MifareTags.Value, 4, out var valueField) || (valueField.Span[0] & 0x80) != 0)
                return new ResponseApdu(StatusWords.IncorrectData);
            operand = BinaryPrimitives.ReadInt32BigEndian(valueField.Span);
        }
        if (FindApplication(id) is not { } application)
            return new ResponseApdu(StatusWords.FileNotFound);
        if (command.P1 >= application.Sectors.Count)
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        var sector = application.Sectors[command.P1];
        if (command.P2 >= MifareClassicMemory.BlocksInSector(sector))
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        var block = MifareClassicMemory.FirstBlockOf(sector) + command.P2;

        var status = Memory.Authenticate(sector, keyType, key.Span);
        if (status != MifareStatus.Ok)
            return new ResponseApdu(ToStatusWord(status));
        switch (command.Ins)
        {
            case MifareInstruction.ReadBlock:
                var buffer = new byte[MifareClassicMemory.BlockSize];
                status = Memory.Read(block, keyType, buffer);
                return status == MifareStatus.Ok ? new ResponseApdu(buffer, StatusWords.Success) : new ResponseApdu(ToStatusWord(status));
            case MifareInstruction.WriteBlock:
                return new ResponseApdu(ToStatusWord(Memory.Write(block, keyType, blockData.Span)));
            default:
                var operation = command.Ins == MifareInstruction.Increment ? ValueOperation.Increment : ValueOperation.Decrement;
                status = Memory.LoadValue(block, keyType, operation, operand, out var value, out var address);
                if (status == MifareStatus.Ok)
                    status = Memory.StoreValue(block, keyType, value, address);
                if (status != MifareStatus.Ok)
                    return new ResponseApdu(ToStatusWord(status));
                var result = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(result, value);
                return new ResponseApdu(result, StatusWords.Success);
        }
    }

    private static BerTlv Describe(MifareApplication application)
    {
        Span<byte> sequence = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(sequence, application.Sequence);
        Span<byte> created = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(created, application.CreatedAt.ToUnixTimeMilliseconds());
        return BerTlv.Constructed(
            MifareTags.ApplicationEntry,
            BerTlv.Primitive(MifareTags.ApplicationId, application.Id.Span),
            BerTlv.Primitive(MifareTags.OwnerAid, application.Owner.Span),
            BerTlv.Primitive(MifareTags.SectorList, application.Sectors.Select(s => (byte)s).ToArray()),
            BerTlv.Primitive(MifareTags.Sequence, sequence),
            BerTlv.Primitive(MifareTags.CreatedAt, created));
    }

    private static bool TryGetAid(CommandFields fields, uint tag, out Aid id)
    {
        id = null!;
        if (!fields.TryGet(tag, Aid.MinLength, Aid.MaxLength, out var value))
            return false;
        id = Aid.FromBytes(value.Span);
        return true;
    }

    /// <summary>How a refused memory operation shows on the APDU interface.</summary>
    public static StatusWord ToStatusWord(MifareStatus status) => status switch
    {
        MifareStatus.Ok => StatusWords.Success,
        MifareStatus.InvalidBlock => StatusWords.IncorrectP1P2,
        MifareStatus.InvalidAccessBits => StatusWords.IncorrectData,
        MifareStatus.NotValueBlock or MifareStatus.ValueOverflow or MifareStatus.TransferBufferEmpty => StatusWords.ConditionsNotSatisfied,
        _ => StatusWords.SecurityStatusNotSatisfied,
    };

    /// <summary>One <c>A0</c> template of CREATE APPLICATION.</summary>
    private sealed record SectorConfig(ReadOnlyMemory<byte> KeyA, AccessBits Access, byte GeneralPurpose, ReadOnlyMemory<byte> KeyB)
    {
        public static SectorConfig? TryParse(BerTlv template)
        {
            var fields = CommandFields.TryParse(template, ConfigTags);
            if (fields is null
                || fields.Templates.Count != 0
                || !fields.TryGet(MifareTags.KeyA, MifareClassicMemory.KeySize, out var keyA)
                || !fields.TryGet(MifareTags.AccessBits, AccessBits.EncodedLength, out var accessField)
                || !AccessBits.TryDecode(accessField.Span, out var access)
                || !fields.TryGet(MifareTags.KeyB, MifareClassicMemory.KeySize, out var keyB))
                return null;
            byte generalPurpose = 0;
            if (fields.Has(MifareTags.GeneralPurposeByte))
            {
                if (!fields.TryGet(MifareTags.GeneralPurposeByte, 1, out var gp))
                    return null;
                generalPurpose = gp.Span[0];
            }
            return new SectorConfig(keyA, access, generalPurpose, keyB);
        }
    }
}
