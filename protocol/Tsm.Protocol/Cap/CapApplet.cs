namespace Tsm.Protocol.Cap;

// Applet component, JCVM spec §6.5:
//   u1 tag (3); u2 size; u1 count;
//   applets[count] { u1 AID_length; u1 AID[]; u2 install_method_offset }

/// <summary>One applet declared in the Applet component.</summary>
public sealed record CapApplet(string Aid, ushort InstallMethodOffset)
{
    internal static IReadOnlyList<CapApplet> ParseComponent(CapComponent component)
    {
        var reader = new CapComponentReader(component.Body.Span, nameof(CapComponentTag.Applet));
        int count = reader.ReadU1();
        var applets = new List<CapApplet>(count);
        for (int i = 0; i < count; i++)
        {
            string aid = Convert.ToHexString(reader.ReadAid());
            applets.Add(new CapApplet(aid, reader.ReadU2()));
        }

        reader.ExpectEnd();
        return applets;
    }
}
