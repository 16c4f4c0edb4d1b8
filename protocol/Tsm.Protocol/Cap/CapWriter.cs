using System.IO.Compression;
using System.Text;

namespace Tsm.Protocol.Cap;

/// <summary>
/// Writes a structurally valid CAP file (JCVM spec §6: ZIP of <c>pkg/javacard/*.cap</c> components) for a package
/// and its applets, padded to a requested load file data block size. Used for the platform's demo application and
/// load tests: the simulator links it (Header, Applet, Import) but, like every simulated card, runs its own applet
/// behaviours rather than the bytecode, which here is filler (NOP bytes in the Method component).
/// </summary>
public static class CapWriter
{
    private static readonly CapImport[] DefaultImports =
    [
        new("A0000000620101", new CapVersion(1, 2)), // javacard.framework 1.2
        new("A0000000620001", new CapVersion(1, 0)), // java.lang 1.0
    ];

    /// <param name="packageAid">The package (load file) AID, hex.</param>
    /// <param name="appletAids">The applet (module) AIDs, hex.</param>
    /// <param name="loadFileDataBlockSize">Approximate size of the load file data block; at least the fixed components.</param>
    public static byte[] Synthetic(string packageAid, IReadOnlyList<string> appletAids, int loadFileDataBlockSize) =>
        Synthetic(packageAid, appletAids, loadFileDataBlockSize, DefaultImports);

    /// <summary>The platform packages a synthetic CAP imports, and <paramref name="libraryAids"/> (libraries, version 1.0).</summary>
    public static IReadOnlyList<CapImport> WithLibraries(IEnumerable<string> libraryAids) =>
        [.. DefaultImports, .. libraryAids.Select(aid => new CapImport(aid, new CapVersion(1, 0)))];

    /// <summary>The same, importing <paramref name="imports"/> instead of javacard.framework 1.2 and java.lang 1.0.</summary>
    public static byte[] Synthetic(string packageAid, IReadOnlyList<string> appletAids, int loadFileDataBlockSize, IReadOnlyList<CapImport> imports)
    {
        ArgumentNullException.ThrowIfNull(packageAid);
        ArgumentNullException.ThrowIfNull(appletAids);
        ArgumentNullException.ThrowIfNull(imports);
        var importList = imports.Select(i => (Aid: Hex.Parse(i.Aid), i.Version.Major, i.Version.Minor)).ToArray();
        var package = Hex.Parse(packageAid);
        var applets = appletAids.Select(Hex.Parse).ToList();

        var header = Component(1, [0xDE, 0xCA, 0xFF, 0xED, 0x01, 0x02, (byte)(applets.Count > 0 ? 0x04 : 0x00), 0x00, 0x01, (byte)package.Length, .. package]);
        var appletBody = new List<byte> { (byte)applets.Count };
        foreach (var appletAid in applets)
        {
            appletBody.Add((byte)appletAid.Length);
            appletBody.AddRange(appletAid);
            appletBody.AddRange([0x00, 0x01]); // install method offset in the Method component
        }
        var applet = applets.Count > 0 ? Component(3, [.. appletBody]) : [];
        var importBody = new List<byte> { (byte)importList.Length };
        foreach (var (aid, major, minor) in importList)
        {
            importBody.AddRange([minor, major, (byte)aid.Length]);
            importBody.AddRange(aid);
        }
        var import = Component(4, [.. importBody]);
        var constantPool = Component(5, [0x00, 0x00]);
        var @class = Component(6, [0x00]);
        var staticField = Component(8, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
        var refLocation = Component(9, [0x00, 0x00, 0x00, 0x00]);
        var descriptor = Component(11, [0x00, 0x00, 0x00]);
        var fixedSize = header.Length + applet.Length + import.Length + constantPool.Length + @class.Length + staticField.Length + refLocation.Length + descriptor.Length;
        // Directory: 11 component sizes (u2), static field image size, import count, applet count, custom count.
        const int directorySize = 3 + 22 + 6 + 3;
        var methodBodySize = Math.Clamp(loadFileDataBlockSize - fixedSize - directorySize - 3, 2, 65535);
        var method = Component(7, [0x00, .. new byte[methodBodySize - 1]]);
        ushort[] sizes =
        [
            (ushort)(header.Length - 3), 0, (ushort)(applet.Length == 0 ? 0 : applet.Length - 3), (ushort)(import.Length - 3),
            (ushort)(constantPool.Length - 3), (ushort)(@class.Length - 3), (ushort)(method.Length - 3),
            (ushort)(staticField.Length - 3), (ushort)(refLocation.Length - 3), 0, (ushort)(descriptor.Length - 3),
        ];
        var directoryBody = new List<byte>();
        foreach (var size in sizes)
            directoryBody.AddRange([(byte)(size >> 8), (byte)size]);
        directoryBody.AddRange([0x00, 0x00, 0x00, 0x00, 0x00, 0x00, (byte)importList.Length, (byte)applets.Count, 0x00]);
        var directory = Component(2, [.. directoryBody]);

        var folder = "demo/" + Convert.ToHexString(package).ToLowerInvariant() + "/javacard/";
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(archive, "META-INF/MANIFEST.MF", Encoding.ASCII.GetBytes("Manifest-Version: 1.0\r\nCreated-By: TSM gateway CapWriter\r\n\r\n"));
            Add(archive, folder + "Header.cap", header);
            Add(archive, folder + "Directory.cap", directory);
            if (applet.Length > 0)
                Add(archive, folder + "Applet.cap", applet);
            Add(archive, folder + "Import.cap", import);
            Add(archive, folder + "ConstantPool.cap", constantPool);
            Add(archive, folder + "Class.cap", @class);
            Add(archive, folder + "Method.cap", method);
            Add(archive, folder + "StaticField.cap", staticField);
            Add(archive, folder + "RefLocation.cap", refLocation);
            Add(archive, folder + "Descriptor.cap", descriptor);
        }
        return zip.ToArray();
    }

    private static byte[] Component(byte tag, byte[] body) => [tag, (byte)(body.Length >> 8), (byte)body.Length, .. body];

    private static void Add(ZipArchive archive, string name, byte[] content)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        stream.Write(content);
    }
}
