using System.Buffers;
using CsCheck;
using Tsm.Protocol.Sms.Cmpp;

namespace Tsm.Protocol.Tests.Sms.Cmpp;

/// <summary>Malformed input gives <see cref="CmppFormatException"/>, never another exception.</summary>
public sealed class CmppMalformedTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [InlineData("00000000 00000008 00000001")]              // Total_Length 0
    [InlineData("0000000B 00000008 00000001")]              // 11: below the header
    [InlineData("FFFFFFFF 00000004 00000001")]              // far above the maximum
    public void A_bad_total_length_is_rejected_before_the_body_arrives(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Hex(hex));
        Assert.Throws<CmppFormatException>(() => CmppCodec.TryRead(ref buffer, CmppVersion.V30, out _));
    }

    [Fact]
    public void The_maximum_is_the_largest_submit_of_the_version_or_in_2_0_the_largest_fwd()
    {
        Assert.Equal(12 + 117 + 21 * 99 + 1 + 255 + 8 + 14, CmppHeader.MaxTotalLength(CmppVersion.V20)); // CMPP_FWD: 14 octets more
        Assert.Equal(12 + 140 + 21 * 99 + 255, CmppHeader.MaxTotalLength(CmppVersion.V20)); // fixed fields 140 (DestUsr_tl, Msg_Length, Reserve included)
        Assert.Equal(12 + 129 + 32 * 99 + 2 + 255 + 20, CmppHeader.MaxTotalLength(CmppVersion.V30));
        var over = new byte[12];
        over[2] = 0x0A; // 2560 > 2486 (2.0) but < 3586 (3.0)
        var buffer = new ReadOnlySequence<byte>(over);
        Assert.Throws<CmppFormatException>(() => CmppCodec.TryRead(ref buffer, CmppVersion.V20, out _));
        Assert.False(CmppCodec.TryRead(ref buffer, CmppVersion.V30, out _)); // waits for the body
    }

    [Theory]
    [InlineData("0000000C 00000003 00000001", "unknown Command_Id")]                 // 0x3 is not a CMPP command
    [InlineData("0000000C 000000FF 00000001", "unknown Command_Id")]
    [InlineData("0000000D 00000008 00000001 00", "has no body")]                   // ACTIVE_TEST with a body
    [InlineData("0000000E 80000008 00000001 0000", "CMPP_ACTIVE_TEST_RESP body")]
    [InlineData("0000000D 00000001 00000001 31", "truncated body")]                // CONNECT cut short
    [InlineData("00000014 80000004 00000001 0000000000000001", "9 (2.0) or 12 (3.0)")] // SUBMIT_RESP of 8 bytes
    [InlineData("0000001F 80000001 00000001 00 00000000000000000000000000000000 3030", "CONNECT_RESP body")]
    public void Malformed_bodies_are_typed_errors(string hex, string message)
    {
        var ex = Assert.Throws<CmppFormatException>(() => CmppCodec.Decode(Hex(hex), CmppVersion.V20));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public void A_submit_whose_length_disagrees_with_msg_length_is_rejected(CmppVersion version)
    {
        var submit = new CmppSubmit { DestTerminalIds = ["8613900000000"], MsgFmt = 4, MsgContent = new byte[27] };
        var bytes = CmppCodec.ToArray(submit, version);
        var msgLengthAt = bytes.Length - version.TrailerLength() - 27 - 1;
        Assert.Equal(27, bytes[msgLengthAt]);

        bytes[msgLengthAt] = 28; // one more than the frame holds
        Assert.Contains("truncated body", Assert.Throws<CmppFormatException>(() => CmppCodec.Decode(bytes, version)).Message, StringComparison.Ordinal);
        bytes[msgLengthAt] = 26; // one byte left over
        Assert.Contains("after the last field", Assert.Throws<CmppFormatException>(() => CmppCodec.Decode(bytes, version)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_submit_without_destinations_is_rejected()
    {
        var bytes = CmppCodec.ToArray(new CmppSubmit { DestTerminalIds = ["1"] }, CmppVersion.V20);
        var countAt = 12 + 116;
        bytes[countAt] = 0;
        Assert.Throws<CmppFormatException>(() => CmppCodec.Decode(bytes, CmppVersion.V20));
    }

    [Theory]
    [InlineData(CmppVersion.V20, 71)] // a 3.0 report on a 2.0 link
    [InlineData(CmppVersion.V30, 60)]
    public void A_status_report_of_the_wrong_size_is_rejected(CmppVersion version, int size)
    {
        var deliver = new CmppDeliver { RegisteredDelivery = 1, MsgContent = new byte[size] };
        var bytes = CmppCodec.ToArray(deliver, version);
        Assert.Contains("status report", Assert.Throws<CmppFormatException>(() => CmppCodec.Decode(bytes, version)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pdu_announcing_another_length_than_given_is_rejected()
    {
        var bytes = CmppCodec.ToArray(new CmppActiveTest { SequenceId = 1 }, CmppVersion.V20);
        Assert.Throws<CmppFormatException>(() => CmppCodec.Decode(bytes.AsSpan(0, 11), CmppVersion.V20));
        Assert.Throws<CmppFormatException>(() => CmppCodec.Decode([.. bytes, 0], CmppVersion.V20));
    }

    [Theory]
    [InlineData(CmppVersion.V20)]
    [InlineData(CmppVersion.V30)]
    public void Random_and_mutated_bytes_never_throw_anything_but_a_format_exception(CmppVersion version)
    {
        // Mutate one byte of a valid PDU (most often in the body): decoding either succeeds or fails with the typed error.
        Gen.Select(CmppGenerators.Any(version), Gen.Int, Gen.Byte).Sample((pdu, position, value) =>
        {
            var bytes = CmppCodec.ToArray(pdu, version);
            bytes[(int)((uint)position % bytes.Length)] = value;
            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                while (CmppCodec.TryRead(ref buffer, version, out _))
                {
                }
            }
            catch (CmppFormatException)
            {
            }
        }, iter: 2000, threads: 1);

        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            try
            {
                CmppCodec.Decode(bytes, version);
            }
            catch (CmppFormatException)
            {
            }
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void The_encoder_refuses_fields_outside_the_spec()
    {
        Assert.Throws<ArgumentException>(() => CmppCodec.ToArray(new CmppSubmit { DestTerminalIds = [] }, CmppVersion.V20));
        Assert.Throws<ArgumentException>(() => CmppCodec.ToArray(new CmppSubmit { DestTerminalIds = [new string('1', 22)] }, CmppVersion.V20));
        Assert.Throws<ArgumentException>(() => CmppCodec.ToArray(new CmppSubmit { DestTerminalIds = ["1"], MsgFmt = 4, MsgContent = new byte[141] }, CmppVersion.V30));
        Assert.Throws<ArgumentException>(() => CmppCodec.ToArray(new CmppSubmit { DestTerminalIds = ["1"], ServiceId = "€" }, CmppVersion.V30));
        Assert.Throws<ArgumentException>(() => CmppCodec.ToArray(new CmppConnect { SourceAddr = "1", AuthenticatorSource = new byte[3] }, CmppVersion.V30));
    }
}
