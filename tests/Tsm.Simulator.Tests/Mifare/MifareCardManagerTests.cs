using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Tlv;
using Tsm.Simulator.Mifare;
using static Tsm.Simulator.Tests.Mifare.MifareTestData;

namespace Tsm.Simulator.Tests.Mifare;

public sealed class MifareCardManagerTests
{
    private static readonly AccessBits ValueSector = new(0b110, 0b000, 0b000, 0b011);

    [Fact]
    public void End_to_end_create_write_read_delete_matches_the_documented_trace()
    {
        var manager = new MifareCardManager(MifareCardType.Classic1K, Isd, Hex.Parse("04A1B2C3"), new FixedTime());
        string Run(string command) => manager.Process(CommandApdu.Parse(command), true).ToHex();

        // CREATE APPLICATION: id F0000000010001, 2 sectors, key A A0…A5, access 7F0788, key B B0…B5.
        Assert.Equal("81020102" + "9000", Run("80300000 23 4F07F0000000010001 800102 A015 8206A0A1A2A3A4A5 83037F0788 8406B0B1B2B3B4B5"));
        // WRITE BLOCK: sector index 1 (card sector 2), block 0, key B.
        Assert.Equal("9000", Run("803A0100 26 4F07F0000000010001 860161 8706B0B1B2B3B4B5 8910000102030405060708090A0B0C0D0E0F"));
        // READ BLOCK with key A.
        Assert.Equal("000102030405060708090A0B0C0D0E0F" + "9000", Run("80380100 14 4F07F0000000010001 860160 8706A0A1A2A3A4A5 00"));
        // READ the trailer with key B: key A and key B read as zeros (condition 011).
        Assert.Equal("0000000000007F0788000000000000009000", Run("80380103 14 4F07F0000000010001 860161 8706B0B1B2B3B4B5 00"));
        // Wrong key.
        Assert.Equal("6982", Run("80380100 14 4F07F0000000010001 860160 8706FFFFFFFFFFFF 00"));
        // LIST APPLICATIONS.
        Assert.Equal("E1274F07F00000000100018B08A000000151000000810201028C04000000018D080000019004982C00" + "9000", Run("80340000 00"));
        // GET MEMORY INFO: 1K, 16 sectors, 13 free, one application, UID.
        Assert.Equal("8E01018F0110" + "90010D" + "910D030405060708090A0B0C0D0E0F" + "930101" + "920404A1B2C3" + "9000", Run("80360000 00"));
        // DELETE APPLICATION, then it is gone.
        Assert.Equal("9000", Run("80320000 09 4F07F0000000010001"));
        Assert.Equal("6A82", Run("80380100 14 4F07F0000000010001 860160 8706A0A1A2A3A4A5 00"));
        Assert.Equal("9000", Run("80340000 00"));
    }

    [Theory]
    [InlineData(MifareInstruction.CreateApplication)]
    [InlineData(MifareInstruction.DeleteApplication)]
    [InlineData(MifareInstruction.ListApplications)]
    [InlineData(MifareInstruction.GetMemoryInfo)]
    [InlineData(MifareInstruction.ReadBlock)]
    [InlineData(MifareInstruction.WriteBlock)]
    [InlineData(MifareInstruction.Increment)]
    [InlineData(MifareInstruction.Decrement)]
    public void Without_the_owner_secure_channel_every_command_is_refused(byte ins)
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(1, AccessBits.Transport), true).Sw());
        var before = manager.Save();
        var command = ins == MifareInstruction.CreateApplication
            ? Create(1, AccessBits.Transport, Aid.Parse("F000000001FFFF"))
            : Command(ins, 0, 0, Id(), BerTlv.Primitive(MifareTags.KeyType, [0x60]), BerTlv.Primitive(MifareTags.Key, TransportKey));
        Assert.Equal(0x6982, manager.Process(command, false).Sw());
        Assert.Equal(before, manager.Save());
    }

    [Theory]
    [InlineData(0xA4)]
    [InlineData(0xCA)]
    [InlineData(0xE6)]
    [InlineData(0x00)]
    [InlineData(0x31)]
    public void Unknown_instructions_answer_6D00(byte ins) =>
        Assert.Equal(0x6D00, NewManager().Process(new CommandApdu(0x80, ins, 0, 0), true).Sw());

    [Theory]
    [InlineData(MifareCardType.Classic1K, 15)]
    [InlineData(MifareCardType.Classic4K, 38)]
    public void Allocation_runs_out_with_6A84(MifareCardType type, int free)
    {
        var manager = NewManager(type);
        Assert.Equal(0x6A84, manager.Process(Create(free + 1, AccessBits.Transport), true).Sw());
        for (var i = 0; i < free; i++)
            Assert.Equal(0x9000, manager.Process(Create(1, AccessBits.Transport, AppNumber(i)), true).Sw());
        Assert.Empty(manager.FreeSectors);
        Assert.Equal(0x6A84, manager.Process(Create(1, AccessBits.Transport, AppNumber(999)), true).Sw());
        Assert.DoesNotContain(manager.Applications.SelectMany(a => a.Sectors), manager.IsReserved);
    }

    [Fact]
    public void A_4K_card_can_give_all_38_sectors_to_one_application()
    {
        var manager = NewManager(MifareCardType.Classic4K);
        var response = manager.Process(Create(38, AccessBits.Transport), true);
        Assert.Equal(0x9000, response.Sw());
        Assert.Equal(38, manager.Applications[0].Sectors.Count);
        Assert.DoesNotContain(16, manager.Applications[0].Sectors);
    }

    [Fact]
    public void Delete_wipes_the_sectors_and_frees_them()
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(3, ValueSector), true).Sw());
        var sectors = manager.Applications[0].Sectors.ToArray();
        var data = Enumerable.Repeat((byte)0xEE, 16).ToArray();
        for (var s = 0; s < 3; s++)
            Assert.Equal(0x9000, manager.Process(Write(s, 1, MifareKeyType.B, data), true).Sw());
        Assert.Equal(12, manager.FreeSectors.Count);

        Assert.Equal(0x9000, manager.Process(Delete(), true).Sw());
        Assert.Equal(15, manager.FreeSectors.Count);
        Assert.Empty(manager.Applications);
        foreach (var sector in sectors)
        {
            for (var block = MifareClassicMemory.FirstBlockOf(sector); block < MifareClassicMemory.TrailerBlockOf(sector); block++)
                Assert.Equal(new byte[16], manager.Memory.RawBlock(block).ToArray());
            Assert.Equal("FFFFFFFFFFFFFF078069FFFFFFFFFFFF", Hex.Format(manager.Memory.RawBlock(MifareClassicMemory.TrailerBlockOf(sector))));
        }
        Assert.Equal(0x6A82, manager.Process(Delete(), true).Sw());
        Assert.Equal(0x9000, manager.Process(Create(15, AccessBits.Transport), true).Sw());
    }

    [Fact]
    public void Explicit_sectors_are_checked()
    {
        var manager = NewManager();
        CommandApdu CreateAt(Aid id, params byte[] sectors) => Command(MifareInstruction.CreateApplication, 0, 0,
            Id(id), BerTlv.Primitive(MifareTags.SectorList, sectors), Config(AccessBits.Transport));
        var response = manager.Process(CreateAt(AppId, 5, 7), true);
        Assert.Equal("810205079000", response.ToHex());
        Assert.Equal(0x6985, manager.Process(CreateAt(AppNumber(1), 7), true).Sw());
        Assert.Equal(0x6985, manager.Process(CreateAt(AppId, 9), true).Sw());
        Assert.Equal(0x6A80, manager.Process(CreateAt(AppNumber(1), 0), true).Sw());
        Assert.Equal(0x6A80, manager.Process(CreateAt(AppNumber(1), 16), true).Sw());
        Assert.Equal(0x6A80, manager.Process(CreateAt(AppNumber(1), 8, 8), true).Sw());
        Assert.Equal(0x9000, manager.Process(CreateAt(AppNumber(1), 1), true).Sw());
    }

    [Fact]
    public void Per_sector_configurations_apply_in_order()
    {
        var manager = NewManager();
        var create = Command(MifareInstruction.CreateApplication, 0, 0, Id(), BerTlv.Primitive(MifareTags.SectorCount, [2]),
            Config(AccessBits.Transport), Config(ValueSector, keyA: TransportKey));
        Assert.Equal(0x9000, manager.Process(create, true).Sw());
        Assert.Equal(0x9000, manager.Process(Read(0, 0, MifareKeyType.A), true).Sw());
        Assert.Equal(0x6982, manager.Process(Read(1, 0, MifareKeyType.A), true).Sw());
        Assert.Equal(0x9000, manager.Process(Read(1, 0, MifareKeyType.A, TransportKey), true).Sw());

        var threeConfigs = Command(MifareInstruction.CreateApplication, 0, 0, Id(AppNumber(2)), BerTlv.Primitive(MifareTags.SectorCount, [2]),
            Config(AccessBits.Transport), Config(AccessBits.Transport), Config(AccessBits.Transport));
        Assert.Equal(0x6A80, manager.Process(threeConfigs, true).Sw());
    }

    [Fact]
    public void Duplicate_application_ids_answer_6985()
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(1, AccessBits.Transport), true).Sw());
        Assert.Equal(0x6985, manager.Process(Create(1, AccessBits.Transport), true).Sw());
        Assert.Single(manager.Applications);
    }

    [Fact]
    public void Value_blocks_increment_and_decrement()
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(1, ValueSector), true).Sw());
        Assert.Equal(0x9000, manager.Process(Write(0, 0, MifareKeyType.B, ValueBlock.Encode(100, 4)), true).Sw());
        Assert.Equal("000000699000", manager.Process(Value(MifareInstruction.Increment, 0, 0, MifareKeyType.B, 5), true).ToHex());
        Assert.Equal("000000609000", manager.Process(Value(MifareInstruction.Decrement, 0, 0, MifareKeyType.A, 9), true).ToHex());
        Assert.Equal(0x6982, manager.Process(Value(MifareInstruction.Increment, 0, 0, MifareKeyType.A, 1), true).Sw());
        var read = manager.Process(Read(0, 0, MifareKeyType.A), true);
        Assert.Equal(Hex.Format(ValueBlock.Encode(96, 4)), Hex.Format(read.Data.Span));

        // Underflow below int.MinValue and overflow above int.MaxValue are refused, the block keeps its value.
        Assert.Equal(0x6985, manager.Process(Value(MifareInstruction.Increment, 0, 0, MifareKeyType.B, int.MaxValue), true).Sw());
        Assert.Equal("000000609000", manager.Process(Value(MifareInstruction.Decrement, 0, 0, MifareKeyType.A, 0), true).ToHex());
        // A negative operand is malformed.
        Assert.Equal(0x6A80, manager.Process(Value(MifareInstruction.Decrement, 0, 0, MifareKeyType.A, -1), true).Sw());
    }

    [Fact]
    public void Malformed_value_blocks_are_refused()
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(1, ValueSector), true).Sw());
        Assert.Equal(0x6985, manager.Process(Value(MifareInstruction.Decrement, 0, 0, MifareKeyType.A, 1), true).Sw());
        var broken = ValueBlock.Encode(100, 4);
        broken[5] ^= 1;
        Assert.Equal(0x9000, manager.Process(Write(0, 0, MifareKeyType.B, broken), true).Sw());
        Assert.Equal(0x6985, manager.Process(Value(MifareInstruction.Decrement, 0, 0, MifareKeyType.A, 1), true).Sw());
        Assert.Equal(0x6985, manager.Process(Value(MifareInstruction.Decrement, 0, 3, MifareKeyType.A, 1), true).Sw());
    }

    [Fact]
    public void Trailer_writes_with_invalid_access_bits_are_refused()
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(1, AccessBits.Transport), true).Sw());
        var trailer = Hex.Parse("A0A1A2A3A4A5FF0781 00 B0B1B2B3B4B5");
        Assert.Equal(0x6A80, manager.Process(Write(0, 3, MifareKeyType.A, trailer), true).Sw());
        Assert.True(manager.Memory.TryGetAccessBits(1, out var bits));
        Assert.Equal(AccessBits.Transport, bits);

        // A valid trailer write changes the keys: the old key stops working.
        trailer = Hex.Parse("0102030405067F0788000A0B0C0D0E0F");
        Assert.Equal(0x9000, manager.Process(Write(0, 3, MifareKeyType.A, trailer), true).Sw());
        Assert.Equal(0x6982, manager.Process(Read(0, 0, MifareKeyType.A), true).Sw());
        Assert.Equal(0x9000, manager.Process(Read(0, 0, MifareKeyType.B, Hex.Parse("0A0B0C0D0E0F")), true).Sw());
    }

    [Fact]
    public void A_sector_with_corrupt_access_bits_is_unusable()
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(1, AccessBits.Transport), true).Sw());
        manager.Memory.WriteRaw(7, Hex.Parse("A0A1A2A3A4A5FF078100B0B1B2B3B4B5"));
        Assert.Equal(0x6982, manager.Process(Read(0, 0, MifareKeyType.A), true).Sw());
        Assert.Equal(MifareStatus.SectorBlocked, manager.Authenticate(1, MifareKeyType.A, KeyA));
        // Deleting the application restores the transport state.
        Assert.Equal(0x9000, manager.Process(Delete(), true).Sw());
        Assert.Equal(MifareStatus.Ok, manager.Authenticate(1, MifareKeyType.A, TransportKey));
    }

    [Theory]
    [InlineData("80300100", "4F07F0000000010001", 0x6A86)]
    [InlineData("80300000", "", 0x6700)]
    [InlineData("80360000", "4F07F0000000010001", 0x6700)]
    [InlineData("80360001", "", 0x6A86)]
    [InlineData("80320000", "", 0x6700)]
    [InlineData("80320000", "4F03F00000", 0x6A80)]
    [InlineData("80320000", "4F07F0000000010002", 0x6A82)]
    [InlineData("80320000", "4F07F00000000100", 0x6A80)]
    [InlineData("80320000", "4F07F0000000010001 4F07F0000000010001", 0x6A80)]
    [InlineData("80320000", "4F07F0000000010001 9901FF", 0x6A80)]
    [InlineData("80340000", "4F07F0000000010002", 0x6A82)]
    [InlineData("80380000", "", 0x6700)]
    [InlineData("80380000", "4F07F0000000010001 860162 8706A0A1A2A3A4A5", 0x6A80)]
    [InlineData("80380000", "4F07F0000000010001 860160 8705A0A1A2A3A4", 0x6A80)]
    [InlineData("80380000", "4F07F0000000010002 860160 8706A0A1A2A3A4A5", 0x6A82)]
    [InlineData("80380100", "4F07F0000000010001 860160 8706A0A1A2A3A4A5", 0x6A86)]
    [InlineData("80380004", "4F07F0000000010001 860160 8706A0A1A2A3A4A5", 0x6A86)]
    [InlineData("803A0000", "4F07F0000000010001 860160 8706A0A1A2A3A4A5 890F000102030405060708090A0B0C0D0E", 0x6A80)]
    [InlineData("803C0000", "4F07F0000000010001 860160 8706A0A1A2A3A4A5 8A03000001", 0x6A80)]
    [InlineData("80300000", "4F07F0000000010002 800101", 0x6A80)]
    [InlineData("80300000", "4F07F0000000010002 800101 810102 A015 8206A0A1A2A3A4A5 8303FF0780 8406B0B1B2B3B4B5", 0x6A80)]
    [InlineData("80300000", "4F07F0000000010002 800100 A015 8206A0A1A2A3A4A5 8303FF0780 8406B0B1B2B3B4B5", 0x6A80)]
    [InlineData("80300000", "4F07F0000000010002 800101 A015 8206A0A1A2A3A4A5 8303FF0781 8406B0B1B2B3B4B5", 0x6A80)]
    [InlineData("80300000", "4F07F0000000010002 800101 A00D 8206A0A1A2A3A4A5 8303FF0780", 0x6A80)]
    [InlineData("80300000", "4F07F0000000010002 800101 A019 8206A0A1A2A3A4A5 8303FF0780 8406B0B1B2B3B4B5 85020000", 0x6A80)]
    [InlineData("80300000", "4F07F0000000010002 800101 A015 8206A0A1A2A3A4A5 8303FF0780 8406B0B1B2B3B4B5 8B03A00000", 0x6A80)]
    [InlineData("80300000", "4F07F0000000010002 800101 A015 8206A0A1A2A3A4A5 8303FF0780 8406B0B1B2B3B4B5 E1024F00", 0x6A80)]
    [InlineData("80300000", "4F07F0000000010002 8001", 0x6A80)]
    [InlineData("80300000", "4F8107F0000000010002", 0x6A80)]
    public void Bad_commands_get_their_status_word(string header, string data, int sw)
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(1, AccessBits.Transport), true).Sw());
        var bytes = Hex.Parse(data);
        var command = new CommandApdu(Hex.Parse(header)[0], Hex.Parse(header)[1], Hex.Parse(header)[2], Hex.Parse(header)[3], bytes);
        Assert.Equal(sw, manager.Process(command, true).Sw());
    }

    [Fact]
    public void Random_commands_never_throw()
    {
        var random = new Random(20240611);
        var allowed = new ushort[] { 0x9000, 0x6700, 0x6982, 0x6985, 0x6A80, 0x6A82, 0x6A84, 0x6A86, 0x6D00 };
        var manager = NewManager(MifareCardType.Classic4K);
        Assert.Equal(0x9000, manager.Process(Create(2, AccessBits.Transport), true).Sw());
        var valid = new[]
        {
            Create(1, ValueSector, AppNumber(3)).Data.ToArray(),
            Write(0, 1, MifareKeyType.A, new byte[16], TransportKey).Data.ToArray(),
            Value(MifareInstruction.Increment, 0, 1, MifareKeyType.A, 3, TransportKey).Data.ToArray(),
        };
        for (var i = 0; i < 20_000; i++)
        {
            var ins = (byte)(0x30 + (2 * random.Next(8)));
            byte[] data;
            if (i % 2 == 0)
            {
                data = new byte[random.Next(0, 64)];
                random.NextBytes(data);
            }
            else
            {
                // Mutate a valid data field: flip, drop or insert a byte.
                data = [.. valid[random.Next(valid.Length)]];
                var position = random.Next(data.Length);
                data = random.Next(3) switch
                {
                    0 => [.. data[..position], (byte)random.Next(256), .. data[position..]],
                    1 => [.. data[..position], .. data[(position + 1)..]],
                    _ => [.. data[..position], (byte)(data[position] ^ (1 << random.Next(8))), .. data[(position + 1)..]],
                };
            }
            var command = new CommandApdu(0x80, ins, (byte)random.Next(3), (byte)random.Next(5), data);
            var response = manager.Process(command, random.Next(8) != 0);
            Assert.Contains(response.StatusWord.Value, allowed);
        }
        var reloaded = MifareCardManager.Load(manager.Save());
        Assert.Equal(manager.Save(), reloaded.Save());
    }

    [Fact]
    public void State_survives_save_and_load()
    {
        var time = new FixedTime();
        var manager = new MifareCardManager(MifareCardType.Classic4K, Isd, Hex.Parse("11223344"), time);
        Assert.Equal(0x9000, manager.Process(Create(2, ValueSector), true).Sw());
        Assert.Equal(0x9000, manager.Process(Create(1, AccessBits.Transport, AppNumber(7)), true).Sw());
        Assert.Equal(0x9000, manager.Process(Write(1, 2, MifareKeyType.B, Enumerable.Range(0, 16).Select(b => (byte)b).ToArray()), true).Sw());
        Assert.Equal(0x9000, manager.Process(Delete(AppNumber(7)), true).Sw());
        Assert.Equal(0x9000, manager.Process(Create(1, AccessBits.Transport, AppNumber(8)), true).Sw());
        var saved = manager.Save();

        var loaded = MifareCardManager.Load(saved, time);
        Assert.Equal(saved, loaded.Save());
        Assert.Equal(MifareCardType.Classic4K, loaded.CardType);
        Assert.Equal(Isd, loaded.OwnerSecurityDomain);
        Assert.Equal("11223344", Hex.Format(loaded.Memory.Uid));
        Assert.Equal(manager.Applications.Select(a => (a.Id, a.Owner, string.Join(",", a.Sectors), a.Sequence, a.CreatedAt)),
            loaded.Applications.Select(a => (a.Id, a.Owner, string.Join(",", a.Sectors), a.Sequence, a.CreatedAt)));
        Assert.Equal(3u, loaded.Applications[^1].Sequence);
        Assert.Equal(
            manager.Process(Read(1, 2, MifareKeyType.A), true).ToHex(),
            loaded.Process(Read(1, 2, MifareKeyType.A), true).ToHex());

        // The sequence keeps counting after a reload.
        Assert.Equal(0x9000, loaded.Process(Create(1, AccessBits.Transport, AppNumber(9)), true).Sw());
        Assert.Equal(4u, loaded.Applications[^1].Sequence);
    }

    [Fact]
    public void Damaged_states_do_not_load()
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(2, AccessBits.Transport), true).Sw());
        var saved = manager.Save();
        for (var length = 0; length < saved.Length; length++)
            Assert.False(MifareCardManager.TryLoad(saved.AsSpan(0, length), out _));
        Assert.False(MifareCardManager.TryLoad([.. saved, 0], out _));
        Assert.Throws<FormatException>(() => MifareCardManager.Load(Hex.Parse("4D46434D02")));

        // An application claiming a reserved sector is refused.
        var tampered = (byte[])saved.Clone();
        tampered[^14] = 0; // first sector of the only application
        Assert.False(MifareCardManager.TryLoad(tampered, out _));
    }

    private static Aid AppNumber(int n) => Aid.FromBytes([0xF0, 0, 0, 0, 0x02, (byte)(n >> 8), (byte)n]);

    /// <summary>A clock fixed at 2024-06-11T00:00:00Z.</summary>
    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2024, 6, 11, 0, 0, 0, TimeSpan.Zero);
    }
}
