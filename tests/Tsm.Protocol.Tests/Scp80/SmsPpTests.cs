using Tsm.Protocol.Scp80;

namespace Tsm.Protocol.Tests.Scp80;

/// <summary>SMS-PP carriage (TS 31.115 §4; concatenation of TS 23.040 §9.2.3.24.1) and the two TPDUs, with vectors laid out by hand.</summary>
public sealed class SmsPpTests
{
    [Fact]
    public void A_short_packet_goes_in_one_sm_after_02_70_00()
    {
        var packet = Hex.Parse("001D150201111100000000000000000000FCB3BBD6125189B400A40000023F00");
        var parts = SmsPp.CommandUserData(packet, 7);
        Assert.Single(parts);
        Assert.Equal("027000" + Hex.Format(packet), Hex.Format(parts[0]));
        var whole = new SmsPpAssembler().Add(parts[0]);
        Assert.NotNull(whole);
        Assert.True(whole.IsCommand);
        Assert.Equal(packet, whole.Packet);
    }

    [Fact]
    public void A_137_octet_packet_still_fits_and_138_needs_two()
    {
        Assert.Single(SmsPp.CommandUserData(new byte[137], 1));
        var two = SmsPp.CommandUserData(new byte[138], 1);
        Assert.Equal(2, two.Count);
        // First: UDHL 07, 00 03 ref 02 01, 70 00, then 132 octets; second: UDHL 05, 00 03 ref 02 02, then 6.
        Assert.Equal("0700030102017000", Hex.Format(two[0].AsSpan(0, 8)));
        Assert.Equal(140, two[0].Length);
        Assert.Equal("050003010202", Hex.Format(two[1].AsSpan(0, 6)));
        Assert.Equal(6 + 6, two[1].Length);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1000)]
    public void Concatenated_parts_reassemble_in_any_order_with_duplicates(int length)
    {
        var packet = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var parts = SmsPp.ResponseUserData(packet, 0x42);
        Assert.All(parts, p => Assert.True(p.Length <= 140));
        var assembler = new SmsPpAssembler();
        var order = parts.Reverse().Concat(parts.Take(1)).ToList(); // last first, then a duplicate of the first
        SmsPpPacket? result = null;
        foreach (var part in order)
            result ??= assembler.Add(part);
        Assert.NotNull(result);
        Assert.False(result.IsCommand);
        Assert.Equal(packet, result.Packet);
    }

    [Fact]
    public void Parts_without_an_identifier_are_refused()
    {
        var assembler = new SmsPpAssembler();
        Assert.Null(assembler.Add(Hex.Parse("050003090202BB")));
        var error = Assert.Throws<Scp80FormatException>(() => assembler.Add(Hex.Parse("050003090201AA")));
        Assert.Equal(Scp80Fault.Malformed, error.Fault);
        Assert.Throws<Scp80FormatException>(() => new SmsPpAssembler().Add(Hex.Parse("0205000102")));
    }

    [Fact]
    public void Stray_parts_do_not_pile_up()
    {
        var assembler = new SmsPpAssembler();
        for (var reference = 0; reference < 100; reference++)
            assembler.Add(new byte[] { 0x05, 0x00, 0x03, (byte)reference, 0x02, 0x01, 0xAA });
        Assert.Equal(SmsPpAssembler.MaxPending, assembler.PendingCount);
    }

    // SMS-DELIVER: 44 (MTI 00, MMS, UDHI), OA 0B 91 "447700900123" -> 44 77 00 09 10 32, PID 7F, DCS F6,
    // SCTS 2026-12-07 18:30:05 UTC -> 62 21 70 81 03 50 00, UDL 04, UD 02 70 00 AA.
    [Fact]
    public void Sms_deliver_matches_the_hand_layout_and_parses_back()
    {
        var tpdu = SmsTpdu.EncodeDeliver("+447700900123", new DateTimeOffset(2026, 12, 7, 18, 30, 5, TimeSpan.Zero), Hex.Parse("027000AA"));
        Assert.Equal("44" + "0C91447700091032" + "7F" + "F6" + "62217081035000" + "04" + "027000AA", Hex.Format(tpdu));
        var parsed = SmsTpdu.Parse(tpdu);
        Assert.True(parsed.IsDeliver);
        Assert.Equal("+447700900123", parsed.Address);
        Assert.True(parsed.HasUserDataHeader);
        Assert.Equal(SmsPp.ProtocolId, parsed.ProtocolId);
        Assert.Equal("027000AA", Hex.Format(parsed.UserData));
    }

    // SMS-SUBMIT: 41 (MTI 01, UDHI, no VP), MR 05, DA 05 81 "12345" -> 21 43 F5, PID 7F, DCS F6, UDL 03, UD 02 71 00.
    [Fact]
    public void Sms_submit_matches_the_hand_layout_and_parses_back()
    {
        var tpdu = SmsTpdu.EncodeSubmit(5, "12345", Hex.Parse("027100"));
        Assert.Equal("41" + "05" + "058121" + "43F5" + "7F" + "F6" + "03" + "027100", Hex.Format(tpdu));
        var parsed = SmsTpdu.Parse(tpdu);
        Assert.False(parsed.IsDeliver);
        Assert.Equal("12345", parsed.Address);
        Assert.Equal(5, parsed.MessageReference);
    }

    [Theory]
    [InlineData("02")] // SMS-STATUS-REPORT type
    [InlineData("44")] // cut after the first octet
    [InlineData("440C91447700900123")] // cut after the address
    [InlineData("440C914477009001237F00622170810350000400")] // 7-bit DCS
    [InlineData("440C914477009001237FF662217081035000050270")] // UDL past the end
    public void Malformed_tpdus_are_refused(string hex) =>
        Assert.Throws<Scp80FormatException>(() => SmsTpdu.Parse(Hex.Parse(hex)));
}
