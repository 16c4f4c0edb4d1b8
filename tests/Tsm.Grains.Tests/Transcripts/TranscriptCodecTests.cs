using Tsm.Grains.Ota.Transcripts;

namespace Tsm.Grains.Tests.Transcripts;

/// <summary>The stored form of transcripts (docs/ota.md, "Transcripts"): binary, LOAD sequences' hashes once, strict reading.</summary>
public sealed class TranscriptCodecTests
{
    private static readonly byte[] SequenceA = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
    private static readonly byte[] SequenceB = Enumerable.Range(100, 20).Select(i => (byte)i).ToArray();

    private static List<TranscriptExchange> Sample() =>
    [
        new(1, [new TranscriptCommand(new byte[] { 0x00, 0xA4, 0x04, 0x00, 0x00 }), new TranscriptCommand(new byte[] { 0x80, 0x50, 0x00, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x00 })],
            [new byte[] { 0x6F, 0x00, 0x90, 0x00 }, new byte[] { 0x90, 0x00 }]),
        new(2, [
                new TranscriptCommand(new byte[] { 0x80, 0xE8, 0x00, 0x00 }, new LoadBlockReference(SequenceA, 0, 200)),
                new TranscriptCommand(new byte[] { 0x80, 0xE8, 0x80, 0x01 }, new LoadBlockReference(SequenceA, 200, 57)),
                new TranscriptCommand(new byte[] { 0x80, 0xE8, 0x80, 0x00 }, new LoadBlockReference(SequenceB, 0, 1000)),
            ],
            null),
    ];

    [Fact]
    public void A_transcript_reads_back_as_written()
    {
        var exchanges = Sample();
        var bytes = TranscriptCodec.Encode(exchanges);
        Assert.Equal(exchanges, TranscriptCodec.Decode(bytes));
    }

    [Fact]
    public void A_LOAD_block_costs_a_few_bytes_and_each_sequence_hash_is_stored_once()
    {
        var blocks = Enumerable.Range(0, 41)
            .Select(i => new TranscriptCommand(new byte[] { 0x80, 0xE8, (byte)(i == 40 ? 0x80 : 0x00), (byte)i }, new LoadBlockReference(SequenceA, i * 200, 200)))
            .ToList();
        var bytes = TranscriptCodec.Encode([new TranscriptExchange(2, blocks, null)]);
        // magic 2, one hash 1 + 20, one exchange 1 + 1 + 1 + a flag; per block: kind, header 4, hash# 1, offset ≤ 2, length 2.
        Assert.True(bytes.Length < 25 + 41 * 10 + 5, bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(blocks, TranscriptCodec.Decode(bytes)[0].Commands);
    }

    [Fact]
    public void A_transcript_cut_anywhere_is_refused_not_misread()
    {
        var bytes = TranscriptCodec.Encode(Sample());
        for (var length = 0; length < bytes.Length; length++)
            Assert.Throws<FormatException>(() => TranscriptCodec.Decode(bytes.AsSpan(0, length)));
    }

    [Theory]
    [InlineData("5402")] // another version
    [InlineData("4101")] // not the magic
    [InlineData("54010001010103")] // an unknown command kind
    [InlineData("5401000101010100000000050000")] // a LOAD reference to a hash the table lacks
    [InlineData("540100000000")] // bytes after the last exchange
    [InlineData("540100FFFFFFFF7F")] // a count larger than the bytes left
    public void Malformed_bytes_are_refused(string hex)
    {
        Assert.Throws<FormatException>(() => TranscriptCodec.Decode(Convert.FromHexString(hex)));
    }
}
