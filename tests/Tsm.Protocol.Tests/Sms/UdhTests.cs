using Tsm.Protocol.Sms.Udh;

namespace Tsm.Protocol.Tests.Sms;

/// <summary>User data headers (3GPP TS 23.040 §9.2.3.24; docs/sms.md "User data headers").</summary>
public sealed class UdhTests
{
    [Fact]
    public void The_wap_push_header_is_06_05_04_0B84_23F0()
    {
        Assert.Equal("0605040B8423F0", Hex.Format(UserData.WakeUpHeader(2948, 9200)));
    }

    [Fact]
    public void A_wake_up_parses_back_to_its_ports_and_payload()
    {
        var data = UserData.WakeUp(0x1234, 0x5678, Hex.Parse("AABBCC"));
        var (header, payload) = UserDataHeader.Parse(data);
        Assert.Equal(new UdhPorts(0x1234, 0x5678), header.Ports);
        Assert.Null(header.Concatenation);
        Assert.Equal("AABBCC", Hex.Format(payload.Span));
    }

    [Theory]
    [InlineData("040402 0A0B", 0x0A, 0x0B, false)]
    [InlineData("060504 0B84 23F0", 2948, 9200, true)]
    public void Ports_8_and_16_bit(string hex, int dst, int src, bool sixteen)
    {
        var (header, payload) = UserDataHeader.Parse(Hex.Parse(hex));
        Assert.Equal(new UdhPorts((ushort)dst, (ushort)src, sixteen), header.Ports);
        Assert.True(payload.IsEmpty);
        Assert.Equal(Hex.Parse(hex), UserDataHeader.Create(header.Ports).ToArray());
    }

    [Theory]
    [InlineData("050003 2A 03 02", 0x2A, 3, 2, false)]
    [InlineData("060804 1234 05 05", 0x1234, 5, 5, true)]
    public void Concatenation_8_and_16_bit(string hex, int reference, int total, int seq, bool sixteen)
    {
        var (header, _) = UserDataHeader.Parse(Hex.Parse(hex));
        Assert.Equal(new UdhConcatenation((ushort)reference, (byte)total, (byte)seq, sixteen), header.Concatenation);
        Assert.Equal(Hex.Parse(hex), UserDataHeader.Create(concatenation: header.Concatenation).ToArray());
    }

    [Fact]
    public void Ports_and_concatenation_together()
    {
        var header = UserDataHeader.Create(new UdhPorts(2948, 9200), new UdhConcatenation(0x42, 2, 1));
        Assert.Equal("0B05040B8423F0000342" + "0201", Hex.Format(header.ToArray()));
    }

    [Fact]
    public void Long_payloads_are_segmented_within_140_octets()
    {
        var payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var parts = UserData.Segment(payload, new UdhPorts(2948, 9200), reference: 7);
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.True(p.Length <= 140));
        var joined = new List<byte>();
        for (var i = 0; i < parts.Count; i++)
        {
            var (header, body) = UserDataHeader.Parse(parts[i]);
            Assert.Equal(new UdhConcatenation(7, 3, (byte)(i + 1)), header.Concatenation);
            Assert.Equal(new UdhPorts(2948, 9200), header.Ports);
            joined.AddRange(body.ToArray());
        }
        Assert.Equal(payload, joined);
        Assert.Single(UserData.Segment(new byte[133], new UdhPorts(1, 2), 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("07 0504")] // UDHL past the data
    [InlineData("03 0504 00")] // IE length past UDHL
    [InlineData("01 05")] // IE header cut by UDHL
    public void Malformed_headers_are_rejected(string hex)
    {
        Assert.Throws<FormatException>(() => UserDataHeader.Parse(Hex.Parse(hex)));
        Assert.False(UserDataHeader.TryParse(Hex.Parse(hex), out _, out _));
    }

    [Fact]
    public void Builders_check_their_inputs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UserDataHeader.Create(new UdhPorts(256, 1, Is16Bit: false)));
        Assert.Throws<ArgumentOutOfRangeException>(() => UserDataHeader.Create(concatenation: new UdhConcatenation(1, 2, 3)));
        Assert.Throws<ArgumentException>(() => UserData.WakeUp(1, 2, new byte[134]));
    }
}
