using System.Text.Json;
using Tsm.Protocol.Cap;

namespace Tsm.Protocol.Tests.Cap;

// Every real CAP file in shared/data/cap/manifest.json is parsed and compared
// with the manifest's independently computed values (JCVM spec chapter 6;
// GP 2.2.1 §11.6 / C.1 load order).

public sealed class CapFileManifestTests
{
    public static TheoryData<string> Files => SharedCapData.FileNames();

    [Fact]
    public void Manifest_is_found_and_lists_files()
    {
        Assert.NotEmpty(SharedCapData.Files);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Package_identity_matches_manifest(string file)
    {
        var (cap, expected) = Load(file);

        Assert.Equal(expected.GetProperty("package_aid").GetString(), cap.PackageAid);
        Assert.Equal(Convert.FromHexString(expected.GetProperty("package_aid").GetString()!), cap.PackageAidBytes.ToArray());
        Assert.Equal(expected.GetProperty("package_version").GetString(), cap.PackageVersion.ToString());
        Assert.Equal(expected.GetProperty("cap_format_version").GetString(), cap.CapFormatVersion.ToString());
        Assert.Equal(expected.GetProperty("package_name").GetString(), cap.PackageName);
        Assert.Equal(expected.GetProperty("component_folder").GetString(), cap.ComponentFolder + "/javacard");
        Assert.Equal(Strings(expected.GetProperty("header_flags")), FlagNames(cap.Flags));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Applets_match_manifest(string file)
    {
        var (cap, expected) = Load(file);

        Assert.Equal(Strings(expected.GetProperty("applet_aids")), cap.AppletAids);
        var applets = expected.GetProperty("applets").EnumerateArray()
            .Select(a => new CapApplet(a.GetProperty("aid").GetString()!, a.GetProperty("install_method_offset").GetUInt16()))
            .ToList();
        Assert.Equal(applets, cap.Applets);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Imports_match_manifest(string file)
    {
        var (cap, expected) = Load(file);

        var imports = expected.GetProperty("imports").EnumerateArray()
            .Select(i => (i.GetProperty("aid").GetString(), i.GetProperty("version").GetString()))
            .ToList();
        Assert.Equal(imports, cap.Imports.Select(i => ((string?)i.Aid, (string?)i.Version.ToString())).ToList());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Component_sizes_match_manifest(string file)
    {
        var (cap, expected) = Load(file);

        var components = expected.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(
            components.Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("size").GetInt32())),
            cap.ComponentSizes.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(
            components.Select(c => c.GetProperty("tag").GetInt32()),
            cap.Components.Select(c => (int)c.Tag));
        Assert.All(cap.Components, c => Assert.Equal((byte)c.Tag, c.Bytes.Span[0]));
        Assert.Equal(expected.GetProperty("debug_component").GetBoolean(), cap.GetComponent(CapComponentTag.Debug) is not null);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_file_data_block_matches_manifest(string file)
    {
        var (cap, expected) = Load(file);
        var block = expected.GetProperty("load_file_data_block");

        Assert.Equal(Strings(block.GetProperty("order")), cap.LoadFileDataBlock.Components.Select(t => t.ToString()));
        Assert.Equal(block.GetProperty("size").GetInt32(), cap.LoadFileDataBlock.Size);
        Assert.Equal(block.GetProperty("size").GetInt32(), cap.LoadFileDataBlock.Bytes.Length);
        Assert.Equal(block.GetProperty("sha1").GetString(), cap.LoadFileDataBlockSha1, ignoreCase: true);
        Assert.Equal(block.GetProperty("sha1").GetString(), cap.LoadFileDataBlock.Sha1Hex, ignoreCase: true);
        Assert.Equal(block.GetProperty("load_tlv_header").GetString(), Convert.ToHexString(cap.LoadTlvHeader.Span));
        Assert.Equal(cap.LoadFileDataBlock.Size, cap.CodeSize);

        // The block is the components, whole, back to back in GP order.
        var concatenated = cap.LoadFileDataBlock.Components
            .SelectMany(t => cap.GetComponent(t)!.Bytes.ToArray())
            .ToArray();
        Assert.Equal(concatenated, cap.LoadFileDataBlock.Bytes.ToArray());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_file_data_block_without_descriptor_matches_manifest(string file)
    {
        var (cap, expected) = Load(file);
        var block = expected.GetProperty("load_file_data_block_without_descriptor");

        Assert.Equal(block.GetProperty("size").GetInt32(), cap.LoadFileDataBlockWithoutDescriptor.Size);
        Assert.Equal(block.GetProperty("sha1").GetString(), cap.LoadFileDataBlockWithoutDescriptorSha1, ignoreCase: true);
        Assert.DoesNotContain(CapComponentTag.Descriptor, cap.LoadFileDataBlockWithoutDescriptor.Components);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_from_stream_and_parse_from_span_agree(string file)
    {
        var (cap, _) = Load(file);
        byte[] bytes = SharedCapData.Bytes(file);

        var fromSpan = CapFile.Parse(new ReadOnlySpan<byte>(bytes));
        var fromMemory = CapFile.Parse(new ReadOnlyMemory<byte>(bytes));

        Assert.Equal(cap.LoadFileDataBlockSha1, fromSpan.LoadFileDataBlockSha1);
        Assert.Equal(cap.LoadFileDataBlockSha1, fromMemory.LoadFileDataBlockSha1);
    }

    private static (CapFile Cap, JsonElement Expected) Load(string file)
    {
        Assert.False(file == SharedCapData.NotFound, SharedCapData.NotFound + ": " + Describe());
        using var stream = File.OpenRead(SharedCapData.PathOf(file));
        return (CapFile.Read(stream), SharedCapData.Entry(file));
    }

    private static string Describe()
    {
        try
        {
            return SharedCapData.Directory;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    private static List<string> Strings(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static List<string> FlagNames(CapHeaderFlags flags)
    {
        var names = new List<string>();
        if (flags.HasFlag(CapHeaderFlags.Int))
        {
            names.Add("ACC_INT");
        }

        if (flags.HasFlag(CapHeaderFlags.Export))
        {
            names.Add("ACC_EXPORT");
        }

        if (flags.HasFlag(CapHeaderFlags.Applet))
        {
            names.Add("ACC_APPLET");
        }

        return names;
    }
}
