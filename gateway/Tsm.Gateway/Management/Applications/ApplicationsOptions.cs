namespace Tsm.Gateway.Management.Applications;

/// <summary>Options of the application catalogue (section "Applications"; docs/management/applications.md, "Bounded before parsing").</summary>
public sealed class ApplicationsOptions
{
    public const string Section = "Applications";

    /// <summary>The largest upload request (structure and CAP files together), bytes; larger ones are answered 413 unread.</summary>
    public long MaxUploadBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Most CAP files in one upload.</summary>
    public int MaxFiles { get; set; } = 16;

    /// <summary>Most ZIP entries in one CAP file, checked before anything is inflated.</summary>
    public int MaxZipEntries { get; set; } = 1024;

    /// <summary>Largest uncompressed ZIP entry of a CAP file, bytes.</summary>
    public long MaxZipEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest sum of a CAP file's uncompressed entries, bytes.</summary>
    public long MaxZipTotalBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Highest uncompressed-to-compressed ratio of one ZIP entry.</summary>
    public int MaxCompressionRatio { get; set; } = 100;
}
