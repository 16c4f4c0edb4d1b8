using System.Buffers;
using Tsm.Simulator.Vpcd;

namespace Tsm.Simulator.Tests.Vpcd;

public sealed class VpcdFramingTests
{
    private static readonly byte[] TwoFrames = [0x00, 0x01, 0x04, 0x00, 0x05, 0x00, 0xA4, 0x04, 0x00, 0x00];

    [Fact]
    public void Reads_every_whole_frame_and_leaves_the_rest()
    {
        var buffer = new ReadOnlySequence<byte>([.. TwoFrames, 0x00]);

        Assert.True(VpcdFraming.TryReadFrame(ref buffer, VpcdFraming.MaxPayloadLength, out var first));
        Assert.Equal([0x04], first.ToArray());
        Assert.True(VpcdFraming.TryReadFrame(ref buffer, VpcdFraming.MaxPayloadLength, out var second));
        Assert.Equal([0x00, 0xA4, 0x04, 0x00, 0x00], second.ToArray());
        Assert.False(VpcdFraming.TryReadFrame(ref buffer, VpcdFraming.MaxPayloadLength, out _));
        Assert.Equal(1, buffer.Length);
    }

    [Fact]
    public void Frames_split_at_every_byte_boundary_read_the_same()
    {
        for (var split = 0; split <= TwoFrames.Length; split++)
        {
            var buffer = Segments.Of(TwoFrames[..split], TwoFrames[split..]);
            var payloads = new List<string>();
            while (VpcdFraming.TryReadFrame(ref buffer, VpcdFraming.MaxPayloadLength, out var payload))
                payloads.Add(Convert.ToHexString(payload.ToArray()));
            Assert.Equal(["04", "00A4040000"], payloads);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x00, 0x03, 0x01, 0x02 })]
    public void Incomplete_frames_wait_for_more(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.False(VpcdFraming.TryReadFrame(ref buffer, VpcdFraming.MaxPayloadLength, out _));
        Assert.Equal(bytes.Length, buffer.Length);
    }

    [Fact]
    public void An_empty_frame_is_malformed()
    {
        var buffer = new ReadOnlySequence<byte>([0x00, 0x00, 0x01]);
        Assert.Throws<InvalidDataException>(() => VpcdFraming.TryReadFrame(ref buffer, VpcdFraming.MaxPayloadLength, out _));
    }

    [Theory]
    [InlineData(261, 262)]
    [InlineData(261, 0xFFFF)]
    [InlineData(1, 2)]
    public void A_length_above_the_maximum_is_rejected_before_the_body(int max, int length)
    {
        var buffer = new ReadOnlySequence<byte>([(byte)(length >> 8), (byte)length]);
        Assert.Throws<InvalidDataException>(() => VpcdFraming.TryReadFrame(ref buffer, max, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(VpcdFraming.MaxPayloadLength)]
    public void Written_frames_read_back(int length)
    {
        var payload = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var output = new ArrayBufferWriter<byte>();
        VpcdFraming.WriteFrame(output, payload);

        Assert.Equal(2 + length, output.WrittenCount);
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.True(VpcdFraming.TryReadFrame(ref buffer, VpcdFraming.MaxPayloadLength, out var read));
        Assert.Equal(payload, read.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(VpcdFraming.MaxPayloadLength + 1)]
    public void Payloads_the_length_cannot_carry_are_refused(int length)
    {
        Assert.Throws<ArgumentException>(() => VpcdFraming.WriteFrame(new ArrayBufferWriter<byte>(), new byte[length]));
    }

    /// <summary>A two-segment sequence, to cover frames that straddle pipe segments.</summary>
    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(byte[] first, byte[] second)
        {
            var head = new Segments(first, 0);
            var tail = new Segments(second, first.Length);
            head.Next = tail;
            return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
        }
    }
}
