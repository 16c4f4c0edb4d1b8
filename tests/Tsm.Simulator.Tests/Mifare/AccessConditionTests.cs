using Tsm.Simulator.Mifare;
using static Tsm.Simulator.Tests.Mifare.MifareTestData;

namespace Tsm.Simulator.Tests.Mifare;

/// <summary>Every row of the docs/mifare.md "Access rules enforced" access condition tables, through the applet and through the contactless API.</summary>
public sealed class AccessConditionTests
{
    // docs/mifare.md "Access rules enforced", data blocks: C1C2C3, read, write, increment, decrement/transfer/restore.
    private static readonly string[][] DataTable =
    [
        ["000", "AB", "AB", "AB", "AB"],
        ["100", "AB", "B", "", ""],
        ["010", "AB", "", "", ""],
        ["110", "AB", "B", "B", "AB"],
        ["001", "AB", "", "", "AB"],
        ["011", "B", "B", "", ""],
        ["101", "B", "", "", ""],
        ["111", "", "", "", ""],
    ];

    // docs/mifare.md "Access rules enforced", trailer: C1C2C3, write key A, read access bits, write access bits, read key B, write key B.
    private static readonly string[][] TrailerTable =
    [
        ["000", "A", "A", "", "A", "A"],
        ["010", "", "A", "", "A", ""],
        ["100", "B", "AB", "", "", "B"],
        ["110", "", "AB", "", "", ""],
        ["001", "A", "A", "A", "A", "A"],
        ["011", "B", "AB", "B", "", "B"],
        ["101", "", "AB", "B", "", ""],
        ["111", "", "AB", "", "", ""],
    ];

    private static readonly string[] DataOperations = ["read", "write", "increment", "decrement"];

    public static TheoryData<string, string, string, string> DataRows()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var port in new[] { "applet", "contactless" })
        {
            foreach (var row in DataTable)
            {
                foreach (var key in new[] { "A", "B" })
                {
                    for (var op = 0; op < DataOperations.Length; op++)
                        data.Add(port, row[0], key, DataOperations[op]);
                }
            }
        }
        return data;
    }

    public static TheoryData<string, string, string> TrailerRows()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var port in new[] { "applet", "contactless" })
        {
            foreach (var row in TrailerTable)
            {
                data.Add(port, row[0], "A");
                data.Add(port, row[0], "B");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DataRows))]
    public void Data_block_condition(string portName, string bits, string keyName, string operation)
    {
        var condition = Convert.ToByte(bits, 2);
        var key = keyName == "A" ? MifareKeyType.A : MifareKeyType.B;
        var row = DataTable.Single(r => r[0] == bits);
        var expected = row[1 + Array.IndexOf(DataOperations, operation)].Contains(keyName, StringComparison.Ordinal);

        // Data block 1 gets the condition; the trailer is 011 so that key B can authenticate.
        var port = NewPort(portName, new AccessBits(0, condition, 0, 0b011));
        port.Manager.Memory.WriteRaw(port.AbsoluteBlock(1), ValueBlock.Encode(100, (byte)port.AbsoluteBlock(1)));

        var allowed = operation switch
        {
            "read" => port.Read(1, key, out _),
            "write" => port.Write(1, key, ValueBlock.Encode(7, 0)),
            "increment" => port.Increment(1, key),
            _ => port.Decrement(1, key),
        };
        Assert.Equal(expected, allowed);
    }

    [Theory]
    [MemberData(nameof(TrailerRows))]
    public void Trailer_condition(string portName, string bits, string keyName)
    {
        var condition = Convert.ToByte(bits, 2);
        var key = keyName == "A" ? MifareKeyType.A : MifareKeyType.B;
        var row = TrailerTable.Single(r => r[0] == bits);
        bool Expect(int column) => row[column].Contains(keyName, StringComparison.Ordinal);
        var access = new AccessBits(0, 0, 0, condition);

        // NXP footnote: where key B is readable it is not a key.
        var keyBIsData = key == MifareKeyType.B && row[4].Length > 0;

        var port = NewPort(portName, access);
        var read = port.Read(3, key, out var trailer);
        Assert.Equal(Expect(2) && !keyBIsData, read);
        if (read)
        {
            Assert.Equal(new byte[6], trailer[..6]); // key A never readable
            Assert.Equal(access.ToArray(), trailer[6..9]);
            Assert.Equal(Expect(4) ? KeyB : new byte[6], trailer[10..]);
        }

        // Each part written on its own: it changes exactly when allowed; the write fails when no part may be written.
        var anyWritable = !keyBIsData && (Expect(1) || Expect(3) || Expect(5));
        var newAccess = access.With(0, 0b100);
        var parts = new (int Column, byte[] KeyA, AccessBits Bits, byte[] KeyB)[]
        {
            (1, [1, 2, 3, 4, 5, 6], access, KeyB),
            (3, KeyA, newAccess, KeyB),
            (5, KeyA, access, [9, 8, 7, 6, 5, 4]),
        };
        foreach (var (column, keyA, newBits, keyB) in parts)
        {
            port = NewPort(portName, access);
            var block = TrailerBytes(keyA, newBits, keyB);
            Assert.Equal(anyWritable, port.Write(3, key, block));
            var stored = port.Manager.Memory.RawBlock(port.AbsoluteBlock(3)).ToArray();
            var changed = !stored.AsSpan().SequenceEqual(TrailerBytes(KeyA, access, KeyB));
            Assert.Equal(Expect(column) && !keyBIsData, changed);
            if (changed)
                Assert.Equal(block, stored);
        }
    }

    [Theory]
    [InlineData("applet")]
    [InlineData("contactless")]
    public void Key_B_cannot_authenticate_where_it_is_readable(string portName)
    {
        foreach (var trailer in new byte[] { 0b000, 0b010, 0b001 })
        {
            var port = NewPort(portName, new AccessBits(0, 0, 0, trailer));
            Assert.False(port.Read(0, MifareKeyType.B, out _));
            Assert.True(port.Read(0, MifareKeyType.A, out _));
        }
    }

    [Fact]
    public void Large_sectors_group_blocks_by_five()
    {
        var manager = NewManager(MifareCardType.Classic4K);
        var create = Command(MifareInstruction.CreateApplication, 0, 0,
            Id(), Tsm.Protocol.Tlv.BerTlv.Primitive(MifareTags.SectorList, [33]), Config(new AccessBits(0b000, 0b010, 0b111, 0b011)));
        Assert.Equal(0x9000, manager.Process(create, true).Sw());
        var data = Enumerable.Repeat((byte)0x5A, 16).ToArray();
        for (var block = 0; block < 15; block++)
        {
            var sw = manager.Process(Write(0, block, MifareKeyType.A, data), true).Sw();
            Assert.Equal(block < 5 ? 0x9000 : 0x6982, sw);
            Assert.Equal(block < 10 ? 0x9000 : 0x6982, manager.Process(Read(0, block, MifareKeyType.A), true).Sw());
        }
        Assert.Equal(0x9000, manager.Process(Read(0, 15, MifareKeyType.B), true).Sw());
        Assert.Equal(0x6A86, manager.Process(Read(0, 16, MifareKeyType.B), true).Sw());
    }

    private static byte[] TrailerBytes(byte[] keyA, AccessBits bits, byte[] keyB)
    {
        var block = new byte[16];
        keyA.CopyTo(block, 0);
        bits.Encode(block.AsSpan(6));
        keyB.CopyTo(block, 10);
        return block;
    }

    private static BlockPort NewPort(string portName, AccessBits bits)
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(1, bits), true).Sw());
        return portName == "applet" ? new AppletPort(manager) : new ContactlessPort(manager);
    }
}
