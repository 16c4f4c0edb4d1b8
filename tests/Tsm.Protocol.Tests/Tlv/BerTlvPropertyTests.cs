using CsCheck;
using Tsm.Protocol.Tlv;

namespace Tsm.Protocol.Tests.Tlv;

/// <summary>Round trips and streaming behaviour of the BER-TLV reader and writer over random trees.</summary>
public sealed class BerTlvPropertyTests
{
    [Fact]
    public void Encode_parse_encode_is_the_identity()
    {
        BerTlvGenerators.Elements.Sample(elements =>
        {
            var bytes = BerTlvGenerators.Encode(elements);
            var parsed = BerTlv.ParseAll(bytes);
            Assert.Equal(elements.Length, parsed.Count);
            Assert.Equal(elements, parsed);
            Assert.Equal(bytes, BerTlvGenerators.Encode(parsed));
            Assert.Equal(bytes.Length, elements.Sum(BerTlvWriter.EncodedLength));
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void Children_and_indefinite_flags_survive_the_round_trip()
    {
        BerTlvGenerators.Tree().Sample(tree =>
        {
            var parsed = BerTlv.Parse(tree.ToArray());
            AssertSameTree(tree, parsed);
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void The_reader_walks_the_same_top_level_elements()
    {
        BerTlvGenerators.Elements.Sample(elements =>
        {
            var bytes = BerTlvGenerators.Encode(elements);
            var reader = new BerTlvReader(bytes);
            var i = 0;
            while (reader.TryRead(out var header, out var value))
            {
                Assert.Equal(elements[i].Tag, header.Tag);
                Assert.Equal(elements[i].IsIndefinite, header.IsIndefinite);
                Assert.True(value.SequenceEqual(elements[i].Value.Span));
                i++;
            }
            Assert.Equal(elements.Length, i);
            Assert.Equal(0, reader.Remaining);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void A_prefix_fails_with_TlvFormatException_or_decodes_fewer_elements()
    {
        // Split at every byte boundary (docs/architecture.md "Conventions"): the front part alone is what a streaming reader has seen.
        BerTlvGenerators.Elements.Sample(elements =>
        {
            var bytes = BerTlvGenerators.Encode(elements);
            for (var cut = 0; cut < bytes.Length; cut++)
            {
                try
                {
                    var parsed = BerTlv.ParseAll(bytes.AsMemory(0, cut));
                    Assert.True(parsed.Count < elements.Length, $"cut {cut} decoded {parsed.Count} of {elements.Length}");
                    Assert.Equal(elements.Take(parsed.Count), parsed);
                }
                catch (TlvFormatException)
                {
                }
            }
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Random_bytes_parse_or_throw_TlvFormatException()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            try
            {
                // Whatever decodes re-encodes to bytes that decode again; lengths may become shorter once, then stay.
                var once = BerTlvGenerators.Encode(BerTlv.ParseAll(bytes));
                Assert.Equal(once, BerTlvGenerators.Encode(BerTlv.ParseAll(once)));
            }
            catch (TlvFormatException)
            {
            }
            try
            {
                var reader = new BerTlvReader(bytes);
                while (reader.TryRead(out _, out _))
                {
                }
            }
            catch (TlvFormatException)
            {
            }
        }, iter: 20000, threads: 1);
    }

    [Fact]
    public void Random_bytes_after_a_plausible_header_parse_or_throw_TlvFormatException()
    {
        // Biased input: a constructed tag with a short or indefinite length, so that the nested paths are reached.
        Gen.Select(Gen.OneOf<byte>(0x30, 0x61, 0xA5, 0xE3, 0xBF), Gen.Byte.Array[0, 48]).Sample((tag, rest) =>
        {
            byte[] bytes = [tag, rest.Length > 0 && rest[0] < 0x40 ? (byte)0x80 : (byte)rest.Length, .. rest];
            try
            {
                BerTlv.ParseAll(bytes);
            }
            catch (TlvFormatException)
            {
            }
        }, iter: 20000, threads: 1);
    }

    private static void AssertSameTree(BerTlv expected, BerTlv actual)
    {
        Assert.Equal(expected.Tag, actual.Tag);
        Assert.Equal(expected.IsIndefinite, actual.IsIndefinite);
        Assert.True(expected.Value.Span.SequenceEqual(actual.Value.Span));
        Assert.Equal(expected.Children.Count, actual.Children.Count);
        for (var i = 0; i < expected.Children.Count; i++)
            AssertSameTree(expected.Children[i], actual.Children[i]);
    }
}
