using System.Buffers;
using System.Buffers.Binary;
using CsCheck;
using Tsm.Protocol.Sms.Smpp;

namespace Tsm.Protocol.Tests.Sms;

/// <summary>SMPP 3.4 codec: byte-exact encoding, round trips of every PDU, streaming splits, malformed input.</summary>
public sealed class SmppCodecTests
{
    [Fact]
    public void The_wake_up_submit_sm_is_78_bytes_as_node_smpp_encodes_it()
    {
        var bytes = SmppCodec.ToArray(SmppSamples.WakeUp);
        Assert.Equal(78, bytes.Length);
        Assert.Equal(SmppSamples.WakeUpHex, Hex.Format(bytes));
    }

    [Fact]
    public void The_wake_up_decodes_field_by_field()
    {
        var pdu = Assert.IsType<SubmitSm>(SmppCodec.Decode(Hex.Parse(SmppSamples.WakeUpHex)));
        Assert.Equal(1u, pdu.Sequence);
        Assert.Equal("10657", pdu.Source.Address);
        Assert.Equal(SmppAddress.International("8613900000000"), pdu.Destination);
        Assert.Equal(0x40, pdu.EsmClass);
        Assert.Equal(4, pdu.DataCoding);
        Assert.Equal(1, pdu.RegisteredDelivery);
        Assert.Equal("0605040B8423F0", Hex.Format(pdu.ShortMessage.Span[..7]));
        Assert.Equal(27, pdu.ShortMessage.Length);
    }

    public static TheoryData<int> SampleIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < SmppSamples.All.Count; i++)
            data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Every_pdu_round_trips(int index)
    {
        var pdu = SmppSamples.All[index];
        var bytes = SmppCodec.ToArray(pdu);
        Assert.Equal((uint)bytes.Length, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        var decoded = SmppCodec.Decode(bytes);
        Assert.Equal(pdu.GetType(), decoded.GetType());
        Assert.Equal(pdu.CommandId, decoded.CommandId);
        Assert.Equal(pdu.Sequence, decoded.Sequence);
        Assert.Equal(pdu.Status, decoded.Status);
        Assert.Equal(pdu.Tlvs.Count, decoded.Tlvs.Count);
        Assert.Equal(bytes, SmppCodec.ToArray(decoded));
    }

    [Fact]
    public void A_stream_of_every_pdu_splits_at_every_byte()
    {
        var stream = SmppSamples.All.SelectMany(SmppCodec.ToArray).ToArray();
        var expected = SmppSamples.All.Select(SmppCodec.ToArray).ToList();
        for (var split = 0; split <= stream.Length; split++)
        {
            // The bytes arrive in two reads: the reader must wait for whole PDUs and never lose one.
            var decoded = new List<byte[]>();
            var pending = Array.Empty<byte>();
            foreach (var chunk in new[] { stream[..split], stream[split..] })
            {
                var buffer = Segments(pending, chunk);
                while (SmppCodec.TryRead(ref buffer, out var pdu))
                    decoded.Add(SmppCodec.ToArray(pdu!));
                pending = buffer.ToArray();
            }
            Assert.Empty(pending);
            Assert.Equal(expected, decoded);
        }
    }

    [Fact]
    public void A_pdu_split_into_single_bytes_waits_until_complete()
    {
        var bytes = Hex.Parse(SmppSamples.WakeUpHex);
        for (var have = 0; have < bytes.Length; have++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, have);
            Assert.False(SmppCodec.TryRead(ref partial, out _));
            Assert.Equal(have, partial.Length); // nothing consumed
        }
    }

    [Fact]
    public void Random_submits_round_trip()
    {
        var ascii = Gen.String[Gen.Char['0', 'z'], 0, 20];
        Gen.Select(ascii, ascii, Gen.Byte, Gen.Byte, Gen.Byte.Array[0, 254], Gen.UInt[1, 0x7FFFFFFF], Gen.Byte.Array[0, 400])
            .Sample((src, dst, esm, dcs, sm, seq, payload) =>
            {
                var pdu = new SubmitSm
                {
                    Sequence = seq, Source = SmppAddress.Unknown(src), Destination = SmppAddress.International(dst), EsmClass = esm, DataCoding = dcs, ShortMessage = sm,
                    Tlvs = payload.Length > 0 ? [new SmppTlv(SmppTlvTag.MessagePayload, payload)] : [],
                };
                var bytes = SmppCodec.ToArray(pdu);
                var back = Assert.IsType<SubmitSm>(SmppCodec.Decode(bytes));
                Assert.Equal(src, back.Source.Address);
                Assert.Equal(dst, back.Destination.Address);
                Assert.Equal(sm, back.ShortMessage.ToArray());
                Assert.Equal(bytes, SmppCodec.ToArray(back));
            }, iter: 300, threads: 1);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(15u)]
    [InlineData(70_001u)]
    [InlineData(0xFFFFFFFFu)]
    public void A_bad_command_length_is_a_framing_error_answered_with_generic_nack(uint length)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, length);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)SmppCommandId.SubmitSm);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), 42);
        var buffer = new ReadOnlySequence<byte>(bytes);
        var error = Assert.Throws<SmppFormatException>(() => SmppCodec.TryReadFrame(ref buffer, out _, out _));
        Assert.True(error.IsFraming);
        Assert.Equal(SmppStatus.RINVCMDLEN, error.Status);
        var nack = Assert.IsType<GenericNack>(SmppCodec.ErrorResponse(error));
        Assert.Equal(SmppStatus.RINVCMDLEN, nack.Status);
        Assert.Equal(42u, nack.Sequence);
    }

    [Fact]
    public void An_oversize_length_is_rejected_from_its_first_four_bytes()
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Parse("00100000"));
        Assert.Throws<SmppFormatException>(() => SmppCodec.TryReadFrame(ref buffer, out _, out _));
    }

    [Fact]
    public void An_unknown_command_id_is_answered_with_generic_nack_and_reading_goes_on()
    {
        var unknown = Hex.Parse("00000010 00000099 00000000 00000007");
        var buffer = new ReadOnlySequence<byte>([.. unknown, .. SmppCodec.ToArray(new EnquireLink { Sequence = 8 })]);
        Assert.True(SmppCodec.TryReadFrame(ref buffer, out var header, out var body));
        var error = Assert.Throws<SmppFormatException>(() => SmppCodec.Decode(header, body));
        Assert.False(error.IsFraming);
        Assert.Equal(SmppStatus.RINVCMDID, error.Status);
        var nack = Assert.IsType<GenericNack>(SmppCodec.ErrorResponse(error));
        Assert.Equal(7u, nack.Sequence);
        Assert.True(SmppCodec.TryRead(ref buffer, out var next));
        Assert.IsType<EnquireLink>(next);
    }

    [Fact]
    public void A_truncated_c_string_is_a_length_error_answered_with_generic_nack()
    {
        // submit_sm whose body ends inside source_addr (no NUL).
        var bytes = Hex.Parse("00000018 00000004 00000000 00000003 00 00 00 31 32 33 34 35");
        var error = Assert.Throws<SmppFormatException>(() => SmppCodec.Decode(bytes));
        Assert.Equal(SmppStatus.RINVCMDLEN, error.Status);
        Assert.True(error.AnswerWithGenericNack); // a length problem: generic_nack per §3.3
        Assert.Equal(3u, SmppCodec.ErrorResponse(error)!.Sequence);
    }

    [Fact]
    public void An_oversize_address_is_answered_with_submit_sm_resp_RINVSRCADR()
    {
        var submit = SmppCodec.ToArray(SmppSamples.WakeUp);
        // Replace "10657" with 25 digits: the C-string exceeds its 21-octet maximum.
        var longSource = System.Text.Encoding.ASCII.GetBytes(new string('1', 25));
        var bytes = new List<byte>();
        bytes.AddRange(submit[..19]);
        bytes.AddRange(longSource);
        bytes.AddRange(submit[24..]);
        var array = bytes.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(array, (uint)array.Length);
        var error = Assert.Throws<SmppFormatException>(() => SmppCodec.Decode(array));
        Assert.Equal(SmppStatus.RINVSRCADR, error.Status);
        var response = Assert.IsType<SubmitSmResp>(SmppCodec.ErrorResponse(error));
        Assert.Equal(SmppStatus.RINVSRCADR, response.Status);
        Assert.Equal(1u, response.Sequence);
    }

    [Fact]
    public void An_sm_length_past_the_body_is_RINVMSGLEN()
    {
        var bytes = Hex.Parse(SmppSamples.WakeUpHex);
        bytes[50] = 0x30; // sm_length 48, only 27 octets follow
        var error = Assert.Throws<SmppFormatException>(() => SmppCodec.Decode(bytes));
        Assert.Equal(SmppStatus.RINVMSGLEN, error.Status);
        Assert.IsType<SubmitSmResp>(SmppCodec.ErrorResponse(error));
    }

    [Fact]
    public void A_header_only_pdu_with_a_body_is_RINVCMDLEN()
    {
        var error = Assert.Throws<SmppFormatException>(() => SmppCodec.Decode(Hex.Parse("00000014 00000015 00000000 00000001 00000000")));
        Assert.Equal(SmppStatus.RINVCMDLEN, error.Status);
    }

    [Fact]
    public void A_response_is_never_answered()
    {
        var error = Assert.Throws<SmppFormatException>(() => SmppCodec.Decode(Hex.Parse("00000018 80000004 00000000 00000001 31323334 3536 3738")));
        Assert.Null(SmppCodec.ErrorResponse(error));
    }

    [Fact]
    public void An_error_response_without_a_body_decodes()
    {
        var resp = Assert.IsType<SubmitSmResp>(SmppCodec.Decode(Hex.Parse("00000010 80000004 00000058 00000009")));
        Assert.Equal(SmppStatus.RTHROTTLED, resp.Status);
        Assert.Equal("", resp.MessageId);
    }

    [Fact]
    public void Random_bytes_never_throw_anything_but_SmppFormatException()
    {
        Gen.Select(Gen.Int[0, SmppSamples.All.Count - 1], Gen.Int[0, 400], Gen.Byte, Gen.Byte.Array[0, 40]).Sample((index, position, value, garbage) =>
        {
            var bytes = SmppCodec.ToArray(SmppSamples.All[index]);
            var mutated = bytes.Concat(garbage).ToArray();
            mutated[position % mutated.Length] = value;
            var buffer = new ReadOnlySequence<byte>(mutated);
            try
            {
                while (SmppCodec.TryReadFrame(ref buffer, out var header, out var body))
                {
                    try
                    {
                        SmppCodec.Decode(header, body);
                    }
                    catch (SmppFormatException ex) when (!ex.IsFraming)
                    {
                        // Answered and skipped; reading goes on.
                    }
                }
            }
            catch (SmppFormatException ex) when (ex.IsFraming)
            {
                Assert.Equal(SmppStatus.RINVCMDLEN, ex.Status);
            }
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void Encoding_checks_field_sizes()
    {
        Assert.Throws<ArgumentException>(() => SmppCodec.ToArray(new Bind { SystemId = new string('x', 16) }));
        Assert.Throws<ArgumentException>(() => SmppCodec.ToArray(new SubmitSm { ShortMessage = new byte[255] }));
        Assert.Throws<ArgumentException>(() => SmppCodec.ToArray(new SubmitSm { Destination = SmppAddress.International(new string('1', 21)) }));
    }

    [Fact]
    public void Bind_to_string_keeps_the_password_out()
    {
        var text = new Bind { SystemId = "tsm", Password = "s3cr3t" }.ToString();
        Assert.Contains("tsm", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_follow_the_spec()
    {
        Assert.Equal("submit_sm_resp", SmppCommands.Name(0x80000004));
        Assert.Equal("alert_notification", SmppCommands.Name(0x00000102));
        Assert.Null(SmppCommands.ResponseOf(SmppCommandId.AlertNotification));
        Assert.Equal(SmppCommandId.DataSmResp, SmppCommands.ResponseOf(SmppCommandId.DataSm));
        Assert.Equal("ESME_RTHROTTLED", SmppStatus.Name(0x58));
        Assert.Equal("0x00000400", SmppStatus.Name(0x400));
        Assert.True(SmppStatus.IsTemporary(SmppStatus.RMSGQFUL));
        Assert.False(SmppStatus.IsTemporary(SmppStatus.RINVDSTADR));
        Assert.Equal(("message_state", SmppTlvKind.Integer), SmppTlvTag.Describe(0x0427));
    }

    /// <summary>Two buffers as a two-segment sequence, as a pipe hands them over.</summary>
    private static ReadOnlySequence<byte> Segments(byte[] first, byte[] second)
    {
        if (first.Length == 0)
            return new ReadOnlySequence<byte>(second);
        if (second.Length == 0)
            return new ReadOnlySequence<byte>(first);
        var a = new Segment(first);
        var b = a.Append(second);
        return new ReadOnlySequence<byte>(a, 0, b, second.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
