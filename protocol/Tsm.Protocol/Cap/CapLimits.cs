namespace Tsm.Protocol.Cap;

// Bounds of a CAP (ZIP) file, checked on the ZIP's central directory before any
// entry is inflated or the archive reader builds its entry list
// (docs/management/applications.md, "Bounded before parsing"). The defaults hold
// every real CAP we know with a wide margin: the largest, a 143 KB wallet applet,
// has 35 entries and a largest entry of 19 KB.

/// <summary>The most a CAP file may hold before the reader refuses it.</summary>
public sealed record CapLimits
{
    /// <summary>The limits <see cref="CapFile.Parse(byte[])"/> applies.</summary>
    public static CapLimits Default { get; } = new();

    /// <summary>Largest CAP (ZIP) file, bytes.</summary>
    public int MaxFileSize { get; init; } = CapFile.MaxFileSize;

    /// <summary>Most ZIP entries (components, manifest, class files, descriptors).</summary>
    public int MaxEntries { get; init; } = 1024;

    /// <summary>Largest uncompressed size of one entry, bytes.</summary>
    public long MaxEntrySize { get; init; } = 1024 * 1024;

    /// <summary>Largest sum of the entries' uncompressed sizes, bytes.</summary>
    public long MaxTotalSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Highest ratio of an entry's uncompressed to compressed size (checked on entries of 128 KiB and more, larger than any component).</summary>
    public int MaxCompressionRatio { get; init; } = 100;
}
