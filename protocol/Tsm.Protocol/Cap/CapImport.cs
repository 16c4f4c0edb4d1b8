namespace Tsm.Protocol.Cap;

// Import component, JCVM spec §6.6:
//   u1 tag (4); u2 size; u1 count;
//   packages[count] package_info { u1 minor_version; u1 major_version; u1 AID_length; u1 AID[] }

/// <summary>One imported package: its AID and the version the CAP file was converted against.</summary>
public sealed record CapImport(string Aid, CapVersion Version)
{
    internal static IReadOnlyList<CapImport> ParseComponent(CapComponent component)
    {
        var reader = new CapComponentReader(component.Body.Span, nameof(CapComponentTag.Import));
        int count = reader.ReadU1();
        var imports = new List<CapImport>(count);
        for (int i = 0; i < count; i++)
        {
            byte minor = reader.ReadU1();
            byte major = reader.ReadU1();
            string aid = Convert.ToHexString(reader.ReadAid());
            imports.Add(new CapImport(aid, new CapVersion(major, minor)));
        }

        reader.ExpectEnd();
        return imports;
    }
}
