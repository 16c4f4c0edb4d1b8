using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using Tsm.Protocol.Cap;

namespace Tsm.Protocol.Tests.Cap;

// CapLimits are checked on the ZIP central directory before System.IO.Compression
// builds its entry list or inflates anything: a crafted ZIP is refused fast, with
// a typed error naming the limit, and with an allocation far below its size.

public sealed class CapLimitsTests
{
    private const int Entries = 370_000;

    [Theory]
    [InlineData(0xFFFF)] // the Zip64 marker a writer puts when there are more than 65535 entries
    [InlineData(Entries % 65536)] // the count truncated to 16 bits
    [InlineData(3)] // a lying end record: the walk of the directory itself stops at the limit
    public void A_zip_of_370000_empty_entries_is_refused_before_it_is_read(int declaredEntries)
    {
        var bomb = EmptyEntries(Entries, declaredEntries);
        Assert.InRange(bomb.Length, 25_000_000, CapFile.MaxFileSize);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var refused = Assert.Throws<CapLimitExceededException>(() => CapFile.Parse(bomb));
        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(nameof(CapLimits.MaxEntries), refused.Limit);
        Assert.Contains("1024", refused.Message, StringComparison.Ordinal);
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void The_same_shape_within_the_limit_is_only_refused_for_what_it_lacks()
    {
        var small = EmptyEntries(10, 10);
        var refused = Assert.Throws<CapFormatException>(() => CapFile.Parse(small));
        Assert.Contains("Header", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_that_inflates_more_than_the_ratio_is_refused_unread()
    {
        var zip = Deflated("pkg/javacard/Method.cap", new byte[10 * 1024 * 1024]);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<CapLimitExceededException>(() => CapFile.Parse(zip, CapLimits.Default with { MaxEntrySize = 64 * 1024 * 1024 }));
        Assert.Equal(nameof(CapLimits.MaxCompressionRatio), refused.Limit);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 256 * 1024);
    }

    [Fact]
    public void Entry_size_and_total_size_are_bounded()
    {
        var big = Deflated("pkg/javacard/Method.cap", new byte[2 * 1024 * 1024]);
        Assert.Equal(nameof(CapLimits.MaxEntrySize), Assert.Throws<CapLimitExceededException>(() => CapFile.Parse(big)).Limit);

        var real = SharedCapData.Bytes("ledger-wallet.cap");
        var limits = CapLimits.Default with { MaxTotalSize = 10_000 };
        Assert.Equal(nameof(CapLimits.MaxTotalSize), Assert.Throws<CapLimitExceededException>(() => CapFile.Parse(real, limits)).Limit);
        Assert.Equal(nameof(CapLimits.MaxFileSize),
            Assert.Throws<CapLimitExceededException>(() => CapFile.Parse(real, CapLimits.Default with { MaxFileSize = 1000 })).Limit);
    }

    [Theory]
    [MemberData(nameof(SharedCapData.FileNames), MemberType = typeof(SharedCapData))]
    public void Every_real_CAP_is_within_the_default_limits(string fileName) =>
        Assert.NotNull(CapFile.Parse(SharedCapData.Bytes(fileName), CapLimits.Default));

    [Fact]
    public void A_central_directory_pointing_outside_the_file_is_malformed()
    {
        var zip = EmptyEntries(2, 2);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(zip.Length - 6), 0x7FFFFFFF);
        Assert.Throws<CapFormatException>(() => CapFile.Parse(zip));
    }

    /// <summary>A stored ZIP of <paramref name="count"/> empty entries named "x", its end record declaring <paramref name="declared"/>.</summary>
    private static byte[] EmptyEntries(int count, int declared)
    {
        const int local = 30 + 1, central = 46 + 1;
        var zip = new byte[count * (local + central) + 22];
        var span = zip.AsSpan();
        for (int i = 0; i < count; i++)
        {
            var header = span.Slice(i * local, local);
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034B50);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 10);
            BinaryPrimitives.WriteUInt16LittleEndian(header[26..], 1);
            header[30] = (byte)'x';
        }
        int directory = count * local;
        for (int i = 0; i < count; i++)
        {
            var header = span.Slice(directory + i * central, central);
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014B50);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 10);
            BinaryPrimitives.WriteUInt16LittleEndian(header[28..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(header[42..], (uint)(i * local));
            header[46] = (byte)'x';
        }
        var end = span[^22..];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)declared);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)declared);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)(count * central));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)directory);
        return zip;
    }

    private static byte[] Deflated(string name, byte[] content)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            entry.Write(content);
        }
        return stream.ToArray();
    }
}
