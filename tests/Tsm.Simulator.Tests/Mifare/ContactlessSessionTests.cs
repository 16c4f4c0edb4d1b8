using Tsm.Protocol;
using Tsm.Simulator.Mifare;
using static Tsm.Simulator.Tests.Mifare.MifareTestData;

namespace Tsm.Simulator.Tests.Mifare;

public sealed class ContactlessSessionTests
{
    [Fact]
    public void Block_0_is_read_only_and_holds_the_UID()
    {
        var manager = new MifareCardManager(MifareCardType.Classic1K, Isd, Hex.Parse("01020304"));
        Assert.Equal(MifareStatus.Ok, manager.Authenticate(0, MifareKeyType.A, TransportKey));
        var block = new byte[16];
        Assert.Equal(MifareStatus.Ok, manager.ReadBlock(0, block));
        Assert.Equal("0102030404080400", Hex.Format(block.AsSpan(0, 8)));
        Assert.Equal(MifareStatus.AccessDenied, manager.WriteBlock(0, new byte[16]));
        Assert.Equal(MifareStatus.Ok, manager.Authenticate(0, MifareKeyType.A, TransportKey));
        Assert.Equal(MifareStatus.Ok, manager.WriteBlock(1, new byte[16]));
    }

    [Fact]
    public void Transport_trailer_reads_with_key_A_zeroed_and_key_B_visible()
    {
        var manager = NewManager();
        Assert.Equal(MifareStatus.Ok, manager.Authenticate(5, MifareKeyType.A, TransportKey));
        var block = new byte[16];
        Assert.Equal(MifareStatus.Ok, manager.ReadBlock(23, block));
        Assert.Equal("000000000000FF078069FFFFFFFFFFFF", Hex.Format(block));
        // Key B is readable in transport state, so it is not a key (NXP footnote).
        Assert.Equal(MifareStatus.AccessDenied, manager.Authenticate(5, MifareKeyType.B, TransportKey));
    }

    [Fact]
    public void Access_outside_the_authenticated_sector_or_after_a_refusal_needs_a_new_authentication()
    {
        var manager = NewManager();
        var block = new byte[16];
        Assert.Equal(MifareStatus.NotAuthenticated, manager.ReadBlock(4, block));
        Assert.Equal(MifareStatus.AuthenticationFailed, manager.Authenticate(1, MifareKeyType.A, KeyA));
        Assert.Equal(MifareStatus.Ok, manager.Authenticate(1, MifareKeyType.A, TransportKey));
        Assert.Equal(MifareStatus.NotAuthenticated, manager.ReadBlock(8, block));
        Assert.Null(manager.Contactless.AuthenticatedSector);
        Assert.Equal(MifareStatus.NotAuthenticated, manager.ReadBlock(4, block));
        Assert.Equal(MifareStatus.InvalidBlock, manager.Authenticate(16, MifareKeyType.A, TransportKey));
    }

    [Fact]
    public void Increment_restore_and_transfer_go_through_the_transfer_buffer()
    {
        var manager = NewManager();
        Assert.Equal(0x9000, manager.Process(Create(1, new AccessBits(0b110, 0b000, 0b000, 0b011)), true).Sw());
        manager.Memory.WriteRaw(4, ValueBlock.Encode(10, 4));
        var session = manager.Contactless;
        Assert.Equal(MifareStatus.Ok, session.Authenticate(1, MifareKeyType.B, KeyB));
        Assert.Equal(MifareStatus.TransferBufferEmpty, session.Transfer(4));
        Assert.Equal(MifareStatus.Ok, session.Authenticate(1, MifareKeyType.B, KeyB));
        Assert.Equal(MifareStatus.Ok, session.Increment(4, 15));
        Assert.Equal(MifareStatus.Ok, session.Transfer(4));
        Assert.Equal(MifareStatus.Ok, session.Restore(4));
        Assert.Equal(MifareStatus.Ok, session.Transfer(5)); // backup copy, as a purse would keep
        Assert.True(ValueBlock.TryDecode(manager.Memory.RawBlock(4), out var value, out _));
        Assert.Equal(25, value);
        Assert.True(ValueBlock.TryDecode(manager.Memory.RawBlock(5), out value, out var address));
        Assert.Equal(25, value);
        Assert.Equal(4, address);

        // Key A may decrement but not increment a 110 block.
        Assert.Equal(MifareStatus.Ok, session.Authenticate(1, MifareKeyType.A, KeyA));
        Assert.Equal(MifareStatus.AccessDenied, session.Increment(4, 1));
        Assert.Equal(MifareStatus.Ok, session.Authenticate(1, MifareKeyType.A, KeyA));
        Assert.Equal(MifareStatus.Ok, session.Decrement(4, 30));
        Assert.Equal(MifareStatus.Ok, session.Transfer(4));
        Assert.True(ValueBlock.TryDecode(manager.Memory.RawBlock(4), out value, out _));
        Assert.Equal(-5, value);
    }
}
