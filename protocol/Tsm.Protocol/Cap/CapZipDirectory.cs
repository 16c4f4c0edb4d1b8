using System.Buffers.Binary;

namespace Tsm.Protocol.Cap;

// ZIP central directory (APPNOTE.TXT §4.3.12 file header, §4.3.16 end of central
// directory record), read straight from the bytes, without allocating per entry,
// to check a CAP against its CapLimits before System.IO.Compression builds its
// entry list or inflates anything. Zip64 markers (0xFFFF entries, 0xFFFFFFFF
// sizes) are over every limit and refused as such.

/// <summary>Checks a ZIP's central directory against <see cref="CapLimits"/>.</summary>
internal static class CapZipDirectory
{
    private const uint EndOfDirectorySignature = 0x06054B50;
    private const uint FileHeaderSignature = 0x02014B50;

    /// <summary>End of central directory record without its comment: 22 bytes.</summary>
    private const int EndOfDirectorySize = 22;

    /// <summary>Central directory file header without name, extra field and comment: 46 bytes.</summary>
    private const int FileHeaderSize = 46;

    /// <summary>
    /// Entries from this size on are checked for their compression ratio: larger than any component (65538 bytes), so
    /// the zero-padded components of generated CAPs (CapWriter) and real ones are never judged by it.
    /// </summary>
    private const uint RatioCheckedFrom = 128 * 1024;

    /// <exception cref="CapLimitExceededException">Over a limit.</exception>
    /// <exception cref="CapFormatException">No readable central directory.</exception>
    public static void Check(ReadOnlySpan<byte> data, CapLimits limits)
    {
        if (data.Length > limits.MaxFileSize)
            throw new CapLimitExceededException(nameof(CapLimits.MaxFileSize), $"CAP file is {data.Length} bytes, more than {limits.MaxFileSize}.");
        int end = FindEndOfDirectory(data);
        int declared = BinaryPrimitives.ReadUInt16LittleEndian(data[(end + 10)..]);
        uint directorySize = BinaryPrimitives.ReadUInt32LittleEndian(data[(end + 12)..]);
        uint directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[(end + 16)..]);
        if (declared > limits.MaxEntries)
            throw TooManyEntries(declared, limits);
        if (directoryOffset > (uint)end || directorySize > (uint)end - directoryOffset)
            throw new CapFormatException("Not a readable CAP (ZIP) file: its central directory lies outside the file.");

        var directory = data.Slice((int)directoryOffset, (int)directorySize);
        int entries = 0;
        long total = 0;
        while (directory.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(directory) == FileHeaderSignature)
        {
            if (directory.Length < FileHeaderSize)
                throw new CapFormatException("Not a readable CAP (ZIP) file: truncated central directory.");
            if (++entries > limits.MaxEntries)
                throw TooManyEntries(entries, limits);
            uint compressed = BinaryPrimitives.ReadUInt32LittleEndian(directory[20..]);
            uint uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(directory[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[32..]);
            int length = FileHeaderSize + nameLength + extraLength + commentLength;
            if (length > directory.Length)
                throw new CapFormatException("Not a readable CAP (ZIP) file: truncated central directory.");
            if (uncompressed > limits.MaxEntrySize)
                throw new CapLimitExceededException(nameof(CapLimits.MaxEntrySize),
                    $"Entry {entries} ('{Name(directory.Slice(FileHeaderSize, nameLength))}') inflates to {uncompressed} bytes, more than {limits.MaxEntrySize}.");
            if (uncompressed >= RatioCheckedFrom && uncompressed / Math.Max(compressed, 1u) > (uint)limits.MaxCompressionRatio)
                throw new CapLimitExceededException(nameof(CapLimits.MaxCompressionRatio),
                    $"Entry {entries} ('{Name(directory.Slice(FileHeaderSize, nameLength))}') inflates {uncompressed / Math.Max(compressed, 1u)} times, more than {limits.MaxCompressionRatio}.");
            total += uncompressed;
            if (total > limits.MaxTotalSize)
                throw new CapLimitExceededException(nameof(CapLimits.MaxTotalSize),
                    $"The entries inflate to more than {limits.MaxTotalSize} bytes together.");
            directory = directory[length..];
        }

        if (entries != declared)
            throw new CapFormatException($"Not a readable CAP (ZIP) file: its central directory holds {entries} entries, its end record says {declared}.");
    }

    /// <summary>The end record is the last 22 bytes, or further back by a comment of at most 65535 bytes.</summary>
    private static int FindEndOfDirectory(ReadOnlySpan<byte> data)
    {
        int lowest = Math.Max(0, data.Length - EndOfDirectorySize - ushort.MaxValue);
        for (int at = data.Length - EndOfDirectorySize; at >= lowest; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) == EndOfDirectorySignature
                && at + EndOfDirectorySize + BinaryPrimitives.ReadUInt16LittleEndian(data[(at + 20)..]) == data.Length)
                return at;
        }

        throw new CapFormatException("Not a readable CAP (ZIP) file: no end of central directory record.");
    }

    private static CapLimitExceededException TooManyEntries(int count, CapLimits limits) =>
        new(nameof(CapLimits.MaxEntries), $"CAP file has {(count > limits.MaxEntries ? "more than " + limits.MaxEntries : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} ZIP entries; at most {limits.MaxEntries} are accepted.");

    /// <summary>An entry name for a message: printable ASCII, at most 64 characters.</summary>
    private static string Name(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[Math.Min(bytes.Length, 64)];
        for (int i = 0; i < chars.Length; i++)
            chars[i] = bytes[i] is >= 0x20 and < 0x7F ? (char)bytes[i] : '?';
        return new string(chars);
    }
}
