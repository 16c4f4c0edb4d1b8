using System.IO.Compression;

namespace Tsm.Protocol.Tests.Cap;

// Builds CAP (ZIP) files in memory from the entries of a real CAP file, so
// tests can corrupt, drop, move or add single components.

internal sealed class CapZipBuilder
{
    private readonly List<(string Name, byte[] Data)> _entries = [];

    public static CapZipBuilder FromFile(string fileName)
    {
        var builder = new CapZipBuilder();
        using var zip = new ZipArchive(new MemoryStream(SharedCapData.Bytes(fileName)), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            using var source = entry.Open();
            using var copy = new MemoryStream();
            source.CopyTo(copy);
            builder._entries.Add((entry.FullName, copy.ToArray()));
        }

        return builder;
    }

    public string ComponentPath(string component) =>
        _entries.Single(e => e.Name.EndsWith("/javacard/" + component + ".cap", StringComparison.Ordinal)).Name;

    public byte[] Component(string component) => _entries.Single(e => e.Name == ComponentPath(component)).Data;

    public CapZipBuilder Set(string component, byte[] data)
    {
        string path = ComponentPath(component);
        int index = _entries.FindIndex(e => e.Name == path);
        _entries[index] = (path, data);
        return this;
    }

    public CapZipBuilder Remove(string component)
    {
        string path = ComponentPath(component);
        _entries.RemoveAll(e => e.Name == path);
        return this;
    }

    public CapZipBuilder Add(string path, byte[] data)
    {
        _entries.Add((path, data));
        return this;
    }

    /// <summary>Moves every component to another folder ("" puts them at "javacard/...").</summary>
    public CapZipBuilder MoveComponentsTo(string folder)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            int marker = _entries[i].Name.IndexOf("/javacard/", StringComparison.Ordinal);
            if (marker >= 0)
            {
                string rest = _entries[i].Name[(marker + 1)..];
                _entries[i] = (folder.Length == 0 ? rest : folder + "/" + rest, _entries[i].Data);
            }
        }

        return this;
    }

    public byte[] Build(CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in _entries)
            {
                using var target = zip.CreateEntry(name, level).Open();
                target.Write(data);
            }
        }

        return output.ToArray();
    }
}
