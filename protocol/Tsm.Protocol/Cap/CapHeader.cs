using System.Text;

namespace Tsm.Protocol.Cap;

// Header component, JCVM spec §6.4 (compact format, CAP 2.1 to 2.3):
//   u1 tag (1); u2 size; u4 magic (0xDECAFFED); u1 minor_version; u1 major_version;
//   u1 flags; package_info { u1 minor_version; u1 major_version; u1 AID_length; u1 AID[] };
//   package_name_info { u1 name_length; u1 name[] }   -- CAP 2.2 and later only.
// The extended format of Java Card 3.1 (ACC_EXTENDED) has a different layout and is rejected.

/// <summary>The parsed Header component.</summary>
public sealed record CapHeader(
    CapVersion FormatVersion,
    CapHeaderFlags Flags,
    CapVersion PackageVersion,
    string PackageAid,
    string? PackageName)
{
    /// <summary>The Header magic number, JCVM spec §6.4.</summary>
    public const uint Magic = 0xDECAFFED;

    internal static CapHeader Parse(CapComponent component)
    {
        var reader = new CapComponentReader(component.Body.Span, nameof(CapComponentTag.Header));
        uint magic = reader.ReadU4();
        if (magic != Magic)
        {
            throw new CapFormatException($"Header component: magic is {magic:X8}, expected DECAFFED.");
        }

        byte formatMinor = reader.ReadU1();
        byte formatMajor = reader.ReadU1();
        var formatVersion = new CapVersion(formatMajor, formatMinor);
        if (formatMajor != 2)
        {
            throw new CapFormatException($"Header component: unsupported CAP format version {formatVersion}.");
        }

        var flags = (CapHeaderFlags)reader.ReadU1();
        if (flags.HasFlag(CapHeaderFlags.Extended))
        {
            throw new CapFormatException("Header component: extended CAP format (ACC_EXTENDED) is not supported.");
        }

        byte packageMinor = reader.ReadU1();
        byte packageMajor = reader.ReadU1();
        string aid = Convert.ToHexString(reader.ReadAid());

        // package_name_info exists from CAP 2.2; an empty name (length 0) is legal and
        // is what the Java Card 3.1 converter writes for CAP 2.3 compact files.
        string? name = null;
        if (formatMinor >= 2 && reader.Remaining > 0)
        {
            int nameLength = reader.ReadU1();
            var nameBytes = reader.ReadBytes(nameLength);
            name = nameLength == 0 ? null : Encoding.UTF8.GetString(nameBytes);
        }

        reader.ExpectEnd();
        return new CapHeader(formatVersion, flags, new CapVersion(packageMajor, packageMinor), aid, name);
    }
}
