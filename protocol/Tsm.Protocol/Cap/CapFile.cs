namespace Tsm.Protocol.Cap;

// A Java Card CAP file, JCVM Specification chapter 6 (compact format, CAP 2.1
// to 2.3), reduced to what a GlobalPlatform 2.2.1 loader needs: package
// identity (Header, §6.4), applets (Applet, §6.5), dependencies (Import, §6.6)
// and the Load File Data Block in GP 2.2.1 §11.6 / Annex C.1 order.
// Pure: parses bytes already in memory; the Stream overload only copies.

/// <summary>A parsed Java Card CAP file.</summary>
public sealed class CapFile
{
    /// <summary>Largest CAP (ZIP) file accepted by <see cref="Read(Stream)"/>.</summary>
    public const int MaxFileSize = 32 * 1024 * 1024;

    private readonly Dictionary<CapComponentTag, CapComponent> _components;
    private readonly byte[] _packageAid;

    private CapFile(string folder, Dictionary<CapComponentTag, CapComponent> components)
    {
        _components = components;
        ComponentFolder = folder;
        Header = CapHeader.Parse(components[CapComponentTag.Header]);
        _packageAid = Convert.FromHexString(Header.PackageAid);
        Applets = components.TryGetValue(CapComponentTag.Applet, out var applet)
            ? CapApplet.ParseComponent(applet)
            : [];
        Imports = components.TryGetValue(CapComponentTag.Import, out var import)
            ? CapImport.ParseComponent(import)
            : [];
        Components = [.. components.Values.OrderBy(c => c.Tag)];
        ComponentSizes = Components.ToDictionary(c => c.Name, c => c.Size, StringComparer.Ordinal);
        LoadFileDataBlock = LoadFileDataBlock.Build(components, includeDescriptor: true);
        LoadFileDataBlockWithoutDescriptor = LoadFileDataBlock.Build(components, includeDescriptor: false);
    }

    /// <summary>ZIP folder holding the components, without the trailing "/javacard", e.g. "com/example".</summary>
    public string ComponentFolder { get; }

    /// <summary>The parsed Header component.</summary>
    public CapHeader Header { get; }

    /// <summary>Package AID, upper-case hex.</summary>
    public string PackageAid => Header.PackageAid;

    /// <summary>Package AID bytes.</summary>
    public ReadOnlyMemory<byte> PackageAidBytes => _packageAid;

    /// <summary>Package version from the Header's package_info.</summary>
    public CapVersion PackageVersion => Header.PackageVersion;

    /// <summary>CAP format version from the Header (2.1, 2.2 or 2.3).</summary>
    public CapVersion CapFormatVersion => Header.FormatVersion;

    /// <summary>Header flags (ACC_INT, ACC_EXPORT, ACC_APPLET).</summary>
    public CapHeaderFlags Flags => Header.Flags;

    /// <summary>
    /// Package name in dotted form: the Header's package_name_info when present and non-empty
    /// (CAP 2.2+), otherwise derived from <see cref="ComponentFolder"/>; null for an unnamed folder.
    /// </summary>
    public string? PackageName =>
        Header.PackageName?.Replace('/', '.')
        ?? (ComponentFolder.Length == 0 ? null : ComponentFolder.Replace('/', '.'));

    /// <summary>Applets from the Applet component; empty for a library package.</summary>
    public IReadOnlyList<CapApplet> Applets { get; }

    /// <summary>Applet AIDs, upper-case hex, in Applet component order.</summary>
    public IReadOnlyList<string> AppletAids => [.. Applets.Select(a => a.Aid)];

    /// <summary>Imported packages from the Import component.</summary>
    public IReadOnlyList<CapImport> Imports { get; }

    /// <summary>Known components present, in tag order (custom components are ignored).</summary>
    public IReadOnlyList<CapComponent> Components { get; }

    /// <summary>Component name to whole component size (tag u1 + size u2 + body).</summary>
    public IReadOnlyDictionary<string, int> ComponentSizes { get; }

    /// <summary>Components in GP load order, Descriptor included, Debug excluded.</summary>
    public LoadFileDataBlock LoadFileDataBlock { get; }

    /// <summary>The same without the Descriptor component (some cards reject or do not need it).</summary>
    public LoadFileDataBlock LoadFileDataBlockWithoutDescriptor { get; }

    /// <summary>SHA-1 of <see cref="LoadFileDataBlock"/>, upper-case hex.</summary>
    public string LoadFileDataBlockSha1 => LoadFileDataBlock.Sha1Hex;

    /// <summary>SHA-1 of <see cref="LoadFileDataBlockWithoutDescriptor"/>, upper-case hex.</summary>
    public string LoadFileDataBlockWithoutDescriptorSha1 => LoadFileDataBlockWithoutDescriptor.Sha1Hex;

    /// <summary>C4 tag and BER length preceding the load file data block in the first LOAD block.</summary>
    public ReadOnlyMemory<byte> LoadTlvHeader => LoadFileDataBlock.TlvHeader;

    /// <summary>
    /// Figure for the non-volatile code space parameter (tag C6) of INSTALL [for load],
    /// GP 2.2.1 §11.5.2.3.7. We use the load file data block size (sum of the sizes of the
    /// components sent, Descriptor included): an upper bound on what the card stores, known
    /// before loading. Cards that link in place need less; none needs more for the package itself.
    /// </summary>
    public int CodeSize => LoadFileDataBlock.Size;

    /// <summary>Returns the component with this tag, or null when absent.</summary>
    public CapComponent? GetComponent(CapComponentTag tag) => _components.GetValueOrDefault(tag);

    /// <summary>Parses a CAP file held in memory.</summary>
    /// <exception cref="CapFormatException">The bytes are not a well-formed CAP file.</exception>
    public static CapFile Parse(byte[] data) => Parse(data, CapLimits.Default);

    /// <summary>Parses a CAP file held in memory, first checking its ZIP directory against <paramref name="limits"/>.</summary>
    /// <exception cref="CapLimitExceededException">The file is over a limit (nothing was inflated).</exception>
    /// <exception cref="CapFormatException">The bytes are not a well-formed CAP file.</exception>
    public static CapFile Parse(byte[] data, CapLimits limits)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(limits);
        var (folder, components) = CapArchive.Extract(data, limits);
        return new CapFile(folder, components);
    }

    /// <inheritdoc cref="Parse(byte[])"/>
    public static CapFile Parse(ReadOnlySpan<byte> data) => Parse(data.ToArray());

    /// <inheritdoc cref="Parse(byte[])"/>
    public static CapFile Parse(ReadOnlyMemory<byte> data) => Parse(data.ToArray());

    /// <summary>Reads a whole CAP file from a stream (at most <see cref="MaxFileSize"/> bytes) and parses it.</summary>
    /// <exception cref="CapFormatException">The content is not a well-formed CAP file or is too large.</exception>
    /// <exception cref="IOException">The stream itself failed.</exception>
    public static CapFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxFileSize)
            {
                throw new CapLimitExceededException(nameof(CapLimits.MaxFileSize), $"CAP file is larger than {MaxFileSize} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.ToArray());
    }
}
