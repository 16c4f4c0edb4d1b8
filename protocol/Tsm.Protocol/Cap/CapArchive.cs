using System.Buffers.Binary;
using System.IO.Compression;

namespace Tsm.Protocol.Cap;

// CAP file container, JCVM spec §6.2: a JAR (ZIP) whose components are entries
// named "<package path>/javacard/<Component>.cap". Each entry holds one whole
// component (§6.1: u1 tag; u2 size; u1 info[size]), so its length is size + 3.
// ZIP and I/O failures of the in-memory archive are malformed input and are
// reported as CapFormatException.

/// <summary>Extracts and frames the components of one package from a CAP ZIP.</summary>
internal static class CapArchive
{
    /// <summary>Largest possible component: u1 tag + u2 size + 65535 bytes of body.</summary>
    private const int MaxComponentSize = 3 + ushort.MaxValue;

    private const string ComponentDirectory = "javacard";

    private static readonly Dictionary<string, CapComponentTag> s_tagsByName =
        Enum.GetValues<CapComponentTag>().ToDictionary(t => t.ToString(), StringComparer.Ordinal);

    public static (string Folder, Dictionary<CapComponentTag, CapComponent> Components) Extract(byte[] data, CapLimits limits)
    {
        // Before the archive reader builds its entry list: a ZIP of 370,000 empty entries is refused here in microseconds.
        CapZipDirectory.Check(data, limits);
        try
        {
            using var stream = new MemoryStream(data, writable: false);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            return ExtractComponents(zip);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException
            or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new CapFormatException($"Not a readable CAP (ZIP) file: {ex.Message}", ex);
        }
    }

    private static (string Folder, Dictionary<CapComponentTag, CapComponent> Components) ExtractComponents(ZipArchive zip)
    {
        string? folder = null;
        var components = new Dictionary<CapComponentTag, CapComponent>();
        foreach (var entry in zip.Entries)
        {
            if (!TryMatchComponent(entry.FullName, out string entryFolder, out var tag))
            {
                continue;
            }

            if (folder is null)
            {
                folder = entryFolder;
            }
            else if (!string.Equals(folder, entryFolder, StringComparison.Ordinal))
            {
                throw new CapFormatException(
                    $"CAP file holds components of more than one package ('{folder}' and '{entryFolder}').");
            }

            if (components.ContainsKey(tag))
            {
                throw new CapFormatException($"Duplicate {tag} component entry '{entry.FullName}'.");
            }

            components.Add(tag, Frame(tag, ReadEntry(entry)));
        }

        if (folder is null || !components.ContainsKey(CapComponentTag.Header))
        {
            throw new CapFormatException("No Header component (<package>/javacard/Header.cap) in the CAP file.");
        }

        return (folder, components);
    }

    /// <summary>Matches "[path/]javacard/Name.cap" for a known component name; custom components are ignored.</summary>
    private static bool TryMatchComponent(string fullName, out string folder, out CapComponentTag tag)
    {
        folder = string.Empty;
        tag = default;
        string name = fullName.Replace('\\', '/');
        if (!name.EndsWith(".cap", StringComparison.Ordinal))
        {
            return false;
        }

        int slash = name.LastIndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        string directory = name[..slash];
        string stem = name[(slash + 1)..^".cap".Length];
        if (directory == ComponentDirectory)
        {
            folder = string.Empty;
        }
        else if (directory.EndsWith("/" + ComponentDirectory, StringComparison.Ordinal))
        {
            folder = directory[..^(ComponentDirectory.Length + 1)];
        }
        else
        {
            return false;
        }

        return s_tagsByName.TryGetValue(stem, out tag);
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        // The declared length is not trusted: read at most one byte past the limit.
        if (entry.Length > MaxComponentSize)
        {
            throw new CapFormatException(
                $"Entry '{entry.FullName}' is {entry.Length} bytes, more than a component can hold ({MaxComponentSize}).");
        }

        using var source = entry.Open();
        var buffer = new byte[MaxComponentSize + 1];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = source.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        if (total > MaxComponentSize)
        {
            throw new CapFormatException(
                $"Entry '{entry.FullName}' is larger than a component can hold ({MaxComponentSize} bytes).");
        }

        return buffer.AsSpan(0, total).ToArray();
    }

    /// <summary>Checks tag and u2 size against the entry (JCVM spec §6.1).</summary>
    private static CapComponent Frame(CapComponentTag expected, byte[] bytes)
    {
        if (bytes.Length < 3)
        {
            throw new CapFormatException(
                $"{expected} component truncated: {bytes.Length} byte(s), at least 3 (tag and size) required.");
        }

        if (bytes[0] != (byte)expected)
        {
            throw new CapFormatException(
                $"{expected} component has tag {bytes[0]}, expected {(byte)expected}.");
        }

        int size = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(1, 2));
        if (size + 3 != bytes.Length)
        {
            throw new CapFormatException(
                $"{expected} component declares size {size} (+3 = {size + 3}) but its entry is {bytes.Length} bytes.");
        }

        return new CapComponent(expected, bytes);
    }
}
